from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "lantern.standards"
    label = "standards"
    verbose_name = "Standards"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lantern.core.registry import register_content_loader
        from lantern.standards import navigation, permissions  # noqa: F401

        def load() -> str:
            from lantern.standards.services import standards_content_load

            return standards_content_load()

        # Early: other apps' content loaders validate their `covers:` lists against these.
        register_content_loader("standards", load, order=10)
