"""File downloads: one way to send a CSV file, so that every export opens the same way in a
spreadsheet program (see ``core.spreadsheet``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.http import StreamingHttpResponse

from lantern.core.spreadsheet import csv_lines


def csv_download(rows: Iterable[Sequence[object]], *, filename: str) -> StreamingHttpResponse:
    """``rows`` (the header first) as a CSV attachment. ``filename`` must hold no one's personal
    data: it is shown in download lists and kept in browser histories."""
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
