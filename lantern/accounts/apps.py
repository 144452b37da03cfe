from django.apps import AppConfig


def _email_changes_clear() -> str:
    from lantern.accounts.services import email_changes_clear

    return email_changes_clear()


class AccountsConfig(AppConfig):
    name = "lantern.accounts"
    label = "accounts"
    verbose_name = "Accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lantern.accounts import navigation, permissions, signals  # noqa: F401
        from lantern.accounts.sessions import expired_sessions_clear
        from lantern.core.registry import register_demo_seeder, register_scheduled_job

        def seed(*, password: str) -> list[str]:
            from lantern.accounts.demo import seed_accounts

            return seed_accounts(password=password)

        register_demo_seeder("accounts", seed, order=10)
        register_scheduled_job("accounts: expired sessions", expired_sessions_clear)
        register_scheduled_job("accounts: old email change requests", _email_changes_clear)
