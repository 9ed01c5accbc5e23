"""Pure-Python simulation library. Imports no Django (checked by tests/sim/test_no_django.py)."""
