"""The error every facilitation service raises for a request the current state does not allow."""

from __future__ import annotations


class FacilitationError(Exception):
    """A request the current state does not allow; the message is shown to the person as is."""

    def __init__(
        self, message: str, field: str | None = None, *, more: tuple[tuple[str, str], ...] = ()
    ) -> None:
        super().__init__(message)
        self.field = field
        # Further (field, message) problems found at the same time, reported all at once.
        self.more = more

    @property
    def problems(self) -> list[tuple[str | None, str]]:
        return [(self.field, str(self)), *self.more]
