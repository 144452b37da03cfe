from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lantern.core"
    label = "core"
    verbose_name = "Core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lantern.core.audit import audit_checkpoint_job
        from lantern.core.registry import register_scheduled_job

        # Daily: verify the audit chain and log a checkpoint, which keeps a copy outside the
        # database (ADR 6).
        register_scheduled_job(
            "core: audit checkpoint", audit_checkpoint_job, every="daily", order=90
        )
