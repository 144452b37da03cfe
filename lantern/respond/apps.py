from django.apps import AppConfig


class RespondConfig(AppConfig):
    name = "lantern.respond"
    label = "respond"
    verbose_name = "Respond"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lantern.core.api import api
        from lantern.core.registry import (
            register_content_loader,
            register_demo_seeder,
            register_scheduled_job,
        )
        from lantern.respond import navigation, permissions  # noqa: F401
        from lantern.respond.api import router

        def load() -> str:
            from lantern.respond.content import content

            loaded = content()
            return (
                f"{len(loaded.indicators.indicators)} indicators in "
                f"{len(loaded.indicators.groups)} groups, {len(loaded.indicators.settings)} "
                f"settings; rules {loaded.rules.version} ({len(loaded.rules.rules)} rules)"
            )

        def purge() -> str:
            from lantern.respond.services import draft_retention, referral_drafts_purge_expired

            count = referral_drafts_purge_expired()
            return f"deleted {count} referral draft(s) past {draft_retention().days} days"

        def seed(*, password: str) -> list[str]:
            from lantern.respond.demo import seed_respond

            return seed_respond()

        register_content_loader("respond", load, order=40)
        register_demo_seeder("respond", seed, order=30)
        register_scheduled_job("respond: expired referral drafts", purge, every="daily")
        api.add_router("/respond/", router, tags=["respond"])
