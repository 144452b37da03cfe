from typing import Any

from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "lantern.learning"
    label = "learning"
    verbose_name = "Learning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from lantern.core.registry import (
            register_content_loader,
            register_demo_seeder,
            register_home_next_steps,
            register_scheduled_job,
        )
        from lantern.core.roles import Role
        from lantern.learning import badge_keys, navigation, permissions  # noqa: F401

        def load() -> str:
            from lantern.learning.services import courses_import_all

            return courses_import_all()

        def seed(*, password: str) -> list[str]:
            from lantern.learning.demo import seed_learning

            return seed_learning()

        register_content_loader("learning", load, order=40)
        register_demo_seeder("learning", seed, order=40)

        def daily() -> str:
            from lantern.learning import services

            notified = services.refreshers_notify_due()
            forwarded = services.statements_forward()
            return f"refreshers notified: {notified}; xAPI statements forwarded: {forwarded}"

        register_scheduled_job("learning: refreshers and xAPI", daily, every="daily")

        def next_steps(user: Any) -> list[dict[str, str]]:
            from lantern.learning import selectors

            return selectors.home_next_steps(user=user)

        register_home_next_steps("learning", next_steps, role=Role.LEARNER)
