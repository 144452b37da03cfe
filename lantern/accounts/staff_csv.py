"""Reading a staff CSV file (pure: no ORM). The service imports what this returns.

Spreadsheet programs write CSV files in more than one way, and an admin should not need to
know which: a byte order mark or none, commas or semicolons (Excel in much of Europe), and
headers as people type them ("Full name", "Email address"). What cannot be read is said in
words that tell the admin what to do.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from lantern.core.roles import Role

IMPORT_MAX_ROWS = 5000
IMPORT_COLUMNS = ("email", "full_name", "roles", "team")
# Other names people give the columns, once letter case and spaces are set aside.
COLUMN_ALIASES = {
    "email_address": "email",
    "e_mail": "email",
    "name": "full_name",
    "role": "roles",
}
NOT_UTF8 = (
    "The file must be saved as UTF-8 CSV. In Excel, choose File, then Save as, and pick "
    "'CSV UTF-8 (Comma delimited) (*.csv)' as the file type. Then upload that file"
)
TEMPLATE_ROWS = (
    ("email", "full_name", "roles", "team"),
    ("sam.jones@example.org", "Sam Jones", "learner", "Housing"),
    ("alex.smith@example.org", "Alex Smith", "learner;facilitator", ""),
)


@dataclass
class ImportProblem:
    """A problem with one row (counted as a spreadsheet does: the header is row 1), or with
    the whole file when ``row`` is None."""

    row: int | None
    field: str
    problem: str


@dataclass
class StaffRow:
    line: int
    email: str
    full_name: str
    roles: list[str]
    team: str


def column_name(header: str) -> str:
    """'Full name', ' FULL_NAME ' and 'full-name' are all the column full_name."""
    name = re.sub(r"[\s\-]+", "_", header.strip().lstrip("\ufeff").lower())
    return COLUMN_ALIASES.get(name, name)


def role_value(text: str) -> str:
    """A role as written in the file: its value ('programme_lead') or its label ('Programme
    lead'), in any letter case."""
    cleaned = re.sub(r"[\s\-]+", "_", text.strip().lower())
    for role in Role:
        if cleaned in (role.value, re.sub(r"\s+", "_", str(role.label).lower())):
            return role.value
    return cleaned


def _delimiter(first_line: str) -> str:
    """Semicolons when the header row has them and no commas (Excel's CSV where the comma is
    the decimal mark); commas otherwise."""
    return ";" if ";" in first_line and "," not in first_line else ","


def parse_staff_csv(
    raw: bytes, *, allowed_roles: Collection[str]
) -> tuple[list[StaffRow], list[ImportProblem]]:
    """Every row of the file, and every problem found in it. The import goes ahead only when
    there are no problems."""
    problems: list[ImportProblem] = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [ImportProblem(None, "file", NOT_UTF8)]
    delimiter = _delimiter(text.split("\n", 1)[0])
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    headers = [column_name(h) for h in (reader.fieldnames or [])]
    missing = [c for c in IMPORT_COLUMNS[:3] if c not in headers]
    if missing:
        problems.append(
            ImportProblem(
                1,
                ", ".join(missing),
                "The first row must name the columns email, full_name, roles and (optionally) "
                "team. Download the template to see how",
            )
        )
        return [], problems
    reader.fieldnames = headers
    rows: list[StaffRow] = []
    seen: dict[str, int] = {}
    for index, record in enumerate(reader, start=2):
        if index - 1 > IMPORT_MAX_ROWS:
            problems.append(
                ImportProblem(index, "file", f"Import at most {IMPORT_MAX_ROWS} people at a time")
            )
            break
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue
        row = _row(index, record, allowed_roles, problems)
        if row.email in seen:
            problems.append(
                ImportProblem(
                    index, "email", f"This email address is also on row {seen[row.email]}"
                )
            )
        elif row.email:
            seen[row.email] = index
        rows.append(row)
    if not rows and not problems:
        problems.append(ImportProblem(2, "file", "The file has no people in it"))
    return rows, problems


def _row(
    index: int,
    record: dict[str, str | None],
    allowed_roles: Collection[str],
    problems: list[ImportProblem],
) -> StaffRow:
    email = (record.get("email") or "").strip().lower()
    full_name = " ".join((record.get("full_name") or "").split())
    # Several roles are separated by semicolons, or by commas in a semicolon-separated file.
    roles = [role_value(r) for r in re.split(r"[;,]", record.get("roles") or "") if r.strip()]
    team = (record.get("team") or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        problems.append(
            ImportProblem(
                index,
                "email",
                "Enter an email address in the correct format, like name@example.org"
                if email
                else "Enter an email address",
            )
        )
    if not full_name:
        problems.append(ImportProblem(index, "full_name", "Enter the person's full name"))
    elif len(full_name) > 150:
        problems.append(
            ImportProblem(index, "full_name", "Full name must be 150 characters or fewer")
        )
    if not roles:
        problems.append(ImportProblem(index, "roles", "Enter at least one role, like learner"))
    for role in roles:
        if role not in allowed_roles:
            problems.append(
                ImportProblem(
                    index,
                    "roles",
                    f"'{role}' is not a role you can give. Use one of: "
                    + ", ".join(sorted(allowed_roles)),
                )
            )
    if len(team) > 120:
        problems.append(ImportProblem(index, "team", "Team must be 120 characters or fewer"))
    return StaffRow(index, email, full_name, list(dict.fromkeys(roles)), team)
