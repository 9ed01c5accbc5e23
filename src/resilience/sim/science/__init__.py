"""Validated science models and pharmacopoeial tests, one module per field.

``cleanroom`` (Annex 1, ISO 14644-1, human dispersion, room air), ``quality`` (SPC,
Nelson rules, capability, FMEA), ``solid_dose`` (tablet compaction and release tests),
``bioprocess`` (CHO fed-batch, oxygen, Protein A), ``chemistry`` (aspirin, dilution,
Beer-Lambert) and ``sustainability`` (PMI, E-factor). Sources: docs/science.md.
"""
