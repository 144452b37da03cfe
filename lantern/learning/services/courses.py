"""Course content: importing course folders and reading a stored course's parsed spec."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lantern.learning import content
from lantern.learning.models import Course
from lantern.learning.spec import CourseSpec, spec_for


def courses_dir() -> Path:
    return Path(settings.CONTENT_DIR) / "courses"


@transaction.atomic
def course_import(*, folder: Path) -> Course:
    """Validate a course folder and store it; raises content.CourseInvalid listing every problem."""
    data = content.load_course(folder)
    digest = content.content_hash(data)
    course, _ = Course.objects.update_or_create(
        slug=data["id"],
        defaults={
            "title": data["title"],
            "version": data["version"],
            "cpd_hours": data["cpd_hours"],
            "content_hash": digest,
            "spec": data,
            "imported_at": timezone.now(),
        },
    )
    _register_coverage(data)
    return course


def _register_coverage(data: dict[str, Any]) -> None:
    """Tell the standards app what each unit teaches and each question assesses, if installed."""
    try:
        from lantern.standards.coverage import register_coverage  # type: ignore[import-not-found]
    except ImportError:
        return
    for module in data["modules"]:
        for unit in module["units"]:
            register_coverage(
                item_ref=f"learning:{data['id']}:{unit['id']}",
                kind="assesses" if unit["kind"] == "questions" else "teaches",
                covers=unit["covers"],
                label=f"{data['title']}: {unit['title']}",
                url=f"/learning/{data['id']}/unit/{unit['id']}/",
            )


def courses_import_all() -> str:
    names = []
    for folder in sorted(p for p in courses_dir().iterdir() if (p / "course.yaml").is_file()):
        course = course_import(folder=folder)
        names.append(f"{course.slug} v{course.version}")
    return "courses: " + (", ".join(names) or "none")


def course_spec(course: Course) -> CourseSpec:
    """The parsed course. Views load Course with ``spec`` deferred: the large JSON column is
    read and decoded only when this process has not built this content hash yet."""
    return spec_for(course.content_hash, lambda: course.spec)
