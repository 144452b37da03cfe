from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from lantern.core import crypto


def test_round_trip_and_not_plaintext(settings) -> None:
    stored = crypto.encrypt("Tigrinya speaker, met at the car wash")
    assert stored.startswith(crypto.PREFIX)
    assert "Tigrinya" not in stored
    assert crypto.decrypt(stored) == "Tigrinya speaker, met at the car wash"


def test_rotation_moves_a_value_to_the_new_key(settings) -> None:
    old = Fernet.generate_key().decode()
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    stored = crypto.encrypt("secret")
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    rotated = crypto.rotate(stored)
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert crypto.decrypt(rotated) == "secret"
    with pytest.raises(ValueError, match="no configured key matches"):
        crypto.decrypt(stored)
