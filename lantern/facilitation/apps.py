from django.apps import AppConfig


class FacilitationConfig(AppConfig):
    name = "lantern.facilitation"
    label = "facilitation"
    verbose_name = "Facilitation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lantern.core.registry import register_content_loader, register_demo_seeder
        from lantern.facilitation import navigation, permissions  # noqa: F401

        def load() -> str:
            from lantern.facilitation.kit import kit_check

            return kit_check()

        def seed(*, password: str) -> list[str]:
            from lantern.facilitation.demo import seed_facilitation

            return seed_facilitation(password=password)

        register_content_loader("facilitation", load, order=60)
        register_demo_seeder("facilitation", seed, order=60)
