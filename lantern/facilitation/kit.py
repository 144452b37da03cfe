"""The session kit as data: content/facilitation/*.yaml, validated, and the PDFs made from it.

The session plan and the facilitator handbook are generated from the same YAML the pages use,
so a change to the content changes both (no hand-edited handbook that drifts).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

TIME = re.compile(r"^\d{2}:\d{2}$")


class KitInvalid(ValueError):
    """The kit content failed validation; the message lists every problem."""


@dataclass(frozen=True)
class Slot:
    start: str
    end: str
    title: str
    kind: str
    content: str

    @property
    def minutes(self) -> int:
        return _minutes(self.end) - _minutes(self.start)


@dataclass(frozen=True)
class Segment:
    minutes: int
    title: str
    notes: str


@dataclass(frozen=True)
class Kit:
    id: str
    version: str
    title: str
    source: str
    reviewed: str
    cohort_sessions: int
    timetable: tuple[Slot, ...]
    sessions_min: int
    sessions_max: int
    staff_target: int
    expectations: tuple[str, ...]
    session_title: str
    session_minutes: int
    cpd_hours: float
    plan_status: str
    objectives: tuple[str, ...]
    segments: tuple[Segment, ...]
    roles: tuple[dict[str, Any], ...]
    tips: tuple[str, ...]


@dataclass(frozen=True)
class Option:
    id: str
    text: str
    correct: bool


@dataclass(frozen=True)
class KnowledgeQuestion:
    id: str
    text: str
    options: tuple[Option, ...]

    @property
    def correct(self) -> str:
        return next(o.id for o in self.options if o.correct)


@dataclass(frozen=True)
class Instrument:
    id: str
    version: str
    knowledge: tuple[KnowledgeQuestion, ...]
    confidence: tuple[tuple[str, str], ...]
    reaction: tuple[tuple[str, str], ...]

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def content_dir() -> Path:
    return Path(settings.CONTENT_DIR) / "facilitation"


def _read(name: str) -> dict[str, Any]:
    data = yaml.safe_load((content_dir() / name).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise KitInvalid(f"{name}: expected a mapping")
    return data


def parse_kit(data: dict[str, Any]) -> Kit:
    """Validate the programme file; raise KitInvalid listing every problem found."""
    problems: list[str] = []
    for key in ("id", "version", "title", "source", "reviewed"):
        if not data.get(key):
            problems.append(f"missing {key}")
    course = data.get("training_course") or {}
    slots: list[Slot] = []
    previous_end = None
    for index, raw in enumerate(course.get("timetable") or []):
        start, end = str(raw.get("start", "")), str(raw.get("end", ""))
        if not (TIME.match(start) and TIME.match(end)) or _minutes(end) <= _minutes(start):
            problems.append(f"timetable item {index + 1}: times must be HH:MM with end after start")
            continue
        if previous_end is not None and start != previous_end:
            problems.append(f"timetable item {index + 1}: starts at {start}, not {previous_end}")
        previous_end = end
        if raw.get("kind") not in {"session", "break"}:
            problems.append(f"timetable item {index + 1}: kind must be session or break")
        slots.append(
            Slot(
                start, end, str(raw.get("title", "")), str(raw.get("kind")), raw.get("content", "")
            )
        )
    if not slots:
        problems.append("the training course needs a timetable")
    commitment = data.get("commitment") or {}
    session = data.get("awareness_session") or {}
    segments = tuple(
        Segment(int(s["minutes"]), str(s["title"]), str(s.get("notes") or ""))
        for s in session.get("segments") or []
    )
    if sum(s.minutes for s in segments) != int(session.get("minutes", 0)):
        problems.append(
            f"the awareness session plan adds up to {sum(s.minutes for s in segments)} minutes, "
            f"not {session.get('minutes')}"
        )
    if problems:
        raise KitInvalid("; ".join(problems))
    return Kit(
        id=str(data["id"]),
        version=str(data["version"]),
        title=str(data["title"]),
        source=str(data["source"]),
        reviewed=str(data["reviewed"]),
        cohort_sessions=int(course.get("sessions", 6)),
        timetable=tuple(slots),
        sessions_min=int(commitment["first_year_sessions_min"]),
        sessions_max=int(commitment["first_year_sessions_max"]),
        staff_target=int(commitment["first_year_staff_target"]),
        expectations=tuple(commitment.get("expectations") or ()),
        session_title=str(session["title"]),
        session_minutes=int(session["minutes"]),
        cpd_hours=float(session["cpd_hours"]),
        plan_status=str(session.get("plan_status", "")),
        objectives=tuple(session.get("objectives") or ()),
        segments=segments,
        roles=tuple((data.get("roles") or {}).get("items") or ()),
        tips=tuple(data.get("handbook_tips") or ()),
    )


def _bank_questions(ref: dict[str, Any], problems: list[str]) -> list[dict[str, Any]]:
    """Knowledge items taken from the e-learning's question bank (content/courses/...).

    The learning importer validates that file in full; here only the items used are checked:
    each must exist and be single-choice (the session form asks for one answer).
    """
    path = content_dir().parent / str(ref.get("bank", ""))
    if not path.is_file():
        problems.append(f"knowledge_from: no question bank at {ref.get('bank')}")
        return []
    bank = {str(q.get("id")): q for q in yaml.safe_load(path.read_text(encoding="utf-8")) or []}
    picked = []
    for item in ref.get("items") or []:
        question = bank.get(str(item))
        if question is None:
            problems.append(f"knowledge_from: {item} is not in {ref.get('bank')}")
        elif question.get("kind") != "single":
            problems.append(f"knowledge_from: {item} must be a single-choice question")
        else:
            picked.append({"id": item, "text": question["stem"], "options": question["options"]})
    return picked


def parse_instrument(data: dict[str, Any]) -> Instrument:
    problems: list[str] = []
    questions = []
    raws = list(data.get("knowledge") or [])
    if data.get("knowledge_from"):
        raws += _bank_questions(data["knowledge_from"], problems)
    for raw in raws:
        options = tuple(
            Option(str(o["id"]), str(o["text"]), bool(o.get("correct"))) for o in raw["options"]
        )
        if sum(o.correct for o in options) != 1:
            problems.append(f"question {raw.get('id')}: exactly one option must be correct")
        questions.append(KnowledgeQuestion(str(raw["id"]), str(raw["text"]), options))
    confidence = tuple((str(c["id"]), str(c["text"])) for c in data.get("confidence") or [])
    if [c[0] for c in confidence] != ["identify", "respond", "refer"]:
        problems.append("confidence items must be identify, respond, refer (as in the e-learning)")
    reaction = tuple((str(c["id"]), str(c["text"])) for c in data.get("reaction") or [])
    if [r[0] for r in reaction] != ["relevant", "delivery", "recommend"]:
        problems.append("reaction items must be relevant, delivery, recommend")
    if not questions:
        problems.append("the instrument needs knowledge questions")
    if problems:
        raise KitInvalid("; ".join(problems))
    return Instrument(str(data["id"]), str(data["version"]), tuple(questions), confidence, reaction)


@lru_cache(maxsize=1)
def kit() -> Kit:
    return parse_kit(_read("programme.yaml"))


@lru_cache(maxsize=1)
def instrument() -> Instrument:
    return parse_instrument(_read("evaluation.yaml"))


def kit_check() -> str:
    """The content loader: validate both files (fails loudly) and summarise."""
    kit.cache_clear()
    instrument.cache_clear()
    k, i = kit(), instrument()
    return (
        f"{k.id} v{k.version}: {len(k.timetable)} timetable items, "
        f"{len(k.segments)} session segments; instrument {i.key}: {len(i.knowledge)} questions"
    )


# --- PDFs (ReportLab) --------------------------------------------------------------------------


def pdf_styles() -> Any:
    from reportlab.lib.styles import getSampleStyleSheet

    return getSampleStyleSheet()


def pdf_document(buffer: io.BytesIO, title: str) -> Any:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    # Uncompressed pages: tiny files either way, and the text stays checkable in tests.
    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author="Lantern",
        pageCompression=0,
        invariant=1,
        leftMargin=48,
        rightMargin=48,
        topMargin=48,
        bottomMargin=48,
    )


def pdf_table(rows: list[list[str]], widths: list[float]) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    styles = pdf_styles()
    cells = [[Paragraph(pdf_escape(c), styles["BodyText"]) for c in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#b1b4b6")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def pdf_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _footer(k: Kit) -> str:
    return f"Content version {k.version}, reviewed {k.reviewed}. Source: {k.source}."


def _plan_story(k: Kit) -> list[Any]:
    from reportlab.platypus import Paragraph, Spacer

    styles = pdf_styles()
    story: list[Any] = [
        Paragraph(pdf_escape(k.session_title), styles["Heading1"]),
        Paragraph(
            f"Length: {k.session_minutes} minutes. CPD: {k.cpd_hours:g} hours.", styles["BodyText"]
        ),
    ]
    if k.plan_status:
        story.append(Paragraph(pdf_escape(k.plan_status), styles["Italic"]))
    story.append(Paragraph("By the end, participants will be able to:", styles["Heading3"]))
    for objective in k.objectives:
        story.append(Paragraph("- " + pdf_escape(objective), styles["BodyText"]))
    rows = [["Time", "Minutes", "Activity", "Facilitator notes"]]
    clock = 0
    for segment in k.segments:
        rows.append(
            [
                f"{clock // 60}:{clock % 60:02d} to {(clock + segment.minutes) // 60}:"
                f"{(clock + segment.minutes) % 60:02d}",
                str(segment.minutes),
                segment.title,
                segment.notes,
            ]
        )
        clock += segment.minutes
    story += [Spacer(1, 8), pdf_table(rows, [70, 50, 130, 250])]
    return story


def session_plan_pdf() -> bytes:
    from reportlab.platypus import Paragraph, Spacer

    k = kit()
    buffer = io.BytesIO()
    doc = pdf_document(buffer, f"Session plan: {k.session_title}")
    story = _plan_story(k)
    story += [Spacer(1, 12), Paragraph(pdf_escape(_footer(k)), pdf_styles()["Italic"])]
    doc.build(story)
    return buffer.getvalue()


def handbook_pdf(*, programme_name: str = "", generated: datetime | None = None) -> bytes:
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    k = kit()
    styles = pdf_styles()
    buffer = io.BytesIO()
    doc = pdf_document(buffer, f"Facilitator handbook: {k.title}")
    story: list[Any] = [
        Paragraph("Facilitator handbook", styles["Title"]),
        Paragraph(pdf_escape(k.title), styles["Heading2"]),
    ]
    if programme_name:
        story.append(Paragraph(pdf_escape(programme_name), styles["BodyText"]))
    story += [
        Paragraph(pdf_escape(_footer(k)), styles["Italic"]),
        Paragraph("1. The train the trainer programme", styles["Heading2"]),
        Paragraph(
            f"The course runs over {k.cohort_sessions} sessions. The day programme:",
            styles["BodyText"],
        ),
        Spacer(1, 6),
        pdf_table(
            [["Time", "Activity", "Content"]]
            + [[f"{s.start} to {s.end}", s.title, s.content] for s in k.timetable],
            [90, 150, 260],
        ),
        Paragraph("2. Your commitment", styles["Heading2"]),
    ]
    for line in k.expectations:
        story.append(Paragraph("- " + pdf_escape(line), styles["BodyText"]))
    story.append(Paragraph("3. Roles in responding to modern slavery", styles["Heading2"]))
    story.append(
        pdf_table(
            [["Who", "First responder", "Duties"]]
            + [
                [str(r["who"]), "Yes" if r.get("first_responder") else "No", str(r["duties"])]
                for r in k.roles
            ],
            [110, 90, 300],
        )
    )
    story.append(Paragraph("4. Training tips", styles["Heading2"]))
    for tip in k.tips:
        story.append(Paragraph("- " + pdf_escape(tip), styles["BodyText"]))
    story += [PageBreak(), Paragraph("5. The awareness session plan", styles["Heading2"])]
    story += _plan_story(k)
    doc.build(story)
    return buffer.getvalue()


_TJ = re.compile(rb"\((.*?)(?<!\\)\)\s*Tj")


def pdf_text(pdf: bytes) -> str:
    """Text drawn by ``Tj`` operators in an uncompressed PDF (pure Python; used by tests)."""
    parts = [m.group(1).replace(rb"\(", b"(").replace(rb"\)", b")") for m in _TJ.finditer(pdf)]
    return " ".join(p.decode("latin-1") for p in parts)
