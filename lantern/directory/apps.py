from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "lantern.directory"
    label = "directory"
    verbose_name = "Directory of services"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lantern.core.registry import register_content_loader, register_demo_seeder
        from lantern.directory import navigation, permissions  # noqa: F401

        def load() -> str:
            from lantern.directory.content import national_services

            return f"{len(national_services())} national services"

        def seed(*, password: str) -> list[str]:
            from lantern.directory.demo import seed_directory

            return seed_directory()

        register_content_loader("directory", load, order=45)
        register_demo_seeder("directory", seed, order=35)
