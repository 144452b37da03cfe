from django.apps import AppConfig


class FacilitationConfig(AppConfig):
    name = "lantern.facilitation"
    label = "facilitation"
    verbose_name = "Facilitation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lantern.core.registry import (
            register_content_loader,
            register_demo_seeder,
            register_scheduled_job,
        )
        from lantern.facilitation import navigation, permissions  # noqa: F401

        def load() -> str:
            from lantern.facilitation.kit import kit_check

            return kit_check()

        def seed(*, password: str) -> list[str]:
            from lantern.facilitation.demo import seed_facilitation

            return seed_facilitation(password=password)

        register_content_loader("facilitation", load, order=60)
        register_demo_seeder("facilitation", seed, order=60)

        def reminders() -> str:
            from lantern.facilitation.services import reminders_send_due

            return f"queued {reminders_send_due()} session reminder(s)"

        register_scheduled_job("facilitation: reminders", reminders, every="hourly")

        def certificates() -> str:
            from lantern.facilitation.services import certificates_issue_due

            return f"issued {certificates_issue_due()} session certificate(s)"

        register_scheduled_job("facilitation: certificates", certificates, every="hourly")
