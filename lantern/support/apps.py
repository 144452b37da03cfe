from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "lantern.support"
    label = "support"
    verbose_name = "Support planning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lantern.core.registry import (
            register_audit_record_type,
            register_content_loader,
            register_demo_seeder,
            register_scheduled_job,
        )
        from lantern.support import navigation, permissions  # noqa: F401
        from lantern.support.selectors.audit_records import (
            case_references,
            cases_with_reference,
        )
        from lantern.support.standard import register_standard_coverage

        register_content_loader("support", register_standard_coverage, order=70)
        # The audit log shows a case by its reference, and finds its events by reference.
        register_audit_record_type("support.case", case_references, cases_with_reference)

        def seed(*, password: str) -> list[str]:
            from lantern.support.demo import seed_cases

            return seed_cases(password=password)

        register_demo_seeder("support", seed, order=40)

        def anonymise() -> str:
            from lantern.support.services import anonymise_expired_cases

            run = anonymise_expired_cases()
            return f"{run.cases_anonymised} case(s) past retention anonymised"

        register_scheduled_job("support: retention", anonymise, every="daily")

        def alert_emails() -> str:
            from lantern.support.services import alert_emails_retry

            return f"{alert_emails_retry()} alert email(s) queued again"

        register_scheduled_job("support: alert emails not sent", alert_emails, every="hourly")
