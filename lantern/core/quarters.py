"""Calendar quarters for reports, named by their months. Pure: no ORM."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class Quarter:
    """Three calendar months, named by their months so that nobody has to know whose year
    "Q1" counts from (a council's financial year starts in April)."""

    year: int
    number: int  # 1 = January to March

    @property
    def key(self) -> str:
        return f"{self.year}-q{self.number}"

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        following = (
            date(self.year + 1, 1, 1)
            if self.number == 4
            else date(self.year, 3 * self.number + 1, 1)
        )
        return following - timedelta(days=1)

    @property
    def label(self) -> str:
        first, last = MONTHS[3 * self.number - 3], MONTHS[3 * self.number - 1]
        return f"{first} to {last} {self.year}"

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )


def quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def recent_quarters(today: date, count: int = 8) -> list[Quarter]:
    """The last complete quarter first, then the ones before it; the current one last, since a
    report on it is not finished yet."""
    current = quarter_of(today)
    quarters, quarter = [], current.previous()
    for _ in range(count - 1):
        quarters.append(quarter)
        quarter = quarter.previous()
    return [*quarters, current]


def parse_quarter(key: str) -> Quarter | None:
    year, _, number = key.partition("-q")
    if not (year.isdigit() and number in {"1", "2", "3", "4"} and 2000 <= int(year) <= 2100):
        return None
    return Quarter(int(year), int(number))
