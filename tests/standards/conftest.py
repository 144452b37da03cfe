from __future__ import annotations

import pytest

from lantern.standards.models import Standard
from tests.standards import samples


@pytest.fixture
def standard(db: None) -> Standard:
    return samples.loaded()
