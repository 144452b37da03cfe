"""The error every facilitation service raises for a request the current state does not allow."""

from __future__ import annotations


class FacilitationError(Exception):
    """A request the current state does not allow; the message is shown to the person as is."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
