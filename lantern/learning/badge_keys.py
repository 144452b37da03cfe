"""The key that signs Open Badges, and the public keys that verify them (ADR 11).

Production reads an RSA private key (PEM, at least 2048 bits) from ``BADGE_SIGNING_KEY_FILE``.
Without one, Lantern offers no badges (certificates and their PDFs work as before). Keys retired
from signing stay published, so that badges they signed still verify: their public halves go in
``BADGE_RETIRED_PUBLIC_KEY_FILES``.

A demo or test run without a key makes one in ``var/`` the first time it is needed. That file is
outside the repository and never used in production (``LANTERN_ENV`` is neither demo nor test
there).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from lantern.learning.badges import SigningKey, jwk_thumbprint, public_jwk, signing_key

MIN_BITS = 2048


class BadgeKeyError(Exception):
    pass


def _load_private(path: Path) -> rsa.RSAPrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise BadgeKeyError(f"{path}: not a readable unencrypted PEM private key ({exc})") from exc
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < MIN_BITS:
        raise BadgeKeyError(f"{path}: the badge signing key must be RSA of {MIN_BITS} bits or more")
    return key


def _make_local_key(path: Path) -> None:
    """Create a key for a demo or test run, once; never overwrite one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=MIN_BITS)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # Written in full under a temporary name, then linked into place: another process sees
    # either no key or a whole one, and the first to link wins.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(pem)
    try:
        os.link(temporary, path)
    except FileExistsError:
        pass  # another process made it first: use theirs
    finally:
        temporary.unlink()


@functools.cache
def current_key() -> SigningKey | None:
    """The signing key, or None when badges are switched off."""
    configured = settings.BADGE_SIGNING_KEY_FILE
    if not configured:
        return None
    path = Path(configured)
    if not path.exists() and settings.LOCAL:
        _make_local_key(path)
    return signing_key(_load_private(path))


@functools.cache
def published_keys() -> dict[str, dict[str, str]]:
    """Public JWKs by RFC 7638 thumbprint: the current key and every retired one."""
    keys: dict[str, dict[str, str]] = {}
    current = current_key()
    if current is not None:
        keys[current.thumbprint] = current.public_jwk
    for name in settings.BADGE_RETIRED_PUBLIC_KEY_FILES:
        try:
            public = serialization.load_pem_public_key(Path(name).read_bytes())
        except (OSError, ValueError) as exc:
            raise BadgeKeyError(f"{name}: not a readable PEM public key ({exc})") from exc
        if not isinstance(public, rsa.RSAPublicKey):
            raise BadgeKeyError(f"{name}: a retired badge key must be RSA")
        jwk = public_jwk(public)
        keys[jwk_thumbprint(jwk)] = jwk
    return keys


def clear_cache() -> None:
    current_key.cache_clear()
    published_keys.cache_clear()


@register()
def check_badge_keys(app_configs: object = None, **kwargs: object) -> list[CheckMessage]:
    """A configured key that cannot be used is a start-up error, not a failed download later."""
    if not settings.BADGE_SIGNING_KEY_FILE or settings.LOCAL:
        return []
    try:
        clear_cache()
        published_keys()
    except BadgeKeyError as exc:
        return [Error(str(exc), id="lantern.E011", hint="See README.md, Configuration.")]
    return []
