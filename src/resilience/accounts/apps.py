from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "resilience.accounts"
    label = "accounts"
    verbose_name = "People and organisations"

    def ready(self) -> None:
        from resilience.accounts import audit  # noqa: F401  (connects signal handlers)
