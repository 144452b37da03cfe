"""Open Badges 3.0 credentials for certificates, and their revocation list (ADR 11).

Pure: no ORM, no settings. The caller passes the facts of one certificate, the site's base
address and the signing key. A credential is secured with the VC-JWT proof format of Open Badges
3.0 (section 8.2): RS256, the public key named by a ``kid`` URL that returns its JWK. Revocation
is published as a W3C Bitstring Status List credential, signed the same way.

What a badge says about the person is the least that lets it be theirs: the name on the
certificate (in the description, as on the PDF) and, for a course certificate, a salted SHA-256
hash of their email address, which a verifier can check against an address the holder gives
them. The subject's ``id`` is an opaque URN made for this certificate alone, so that two badges
cannot be linked through it.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey, RSAPublicKey

from lantern.learning.certificates import BOLD, REGULAR, fit_text

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
# The Bitstring Status List's minimum length (16 KB), which gives each list herd privacy.
LIST_BITS = 131_072
# A status list credential says how long it may be relied on; verifiers fetch a fresh one.
LIST_LIFETIME = timedelta(days=1)
# Fixed for ever: changing it would change every badge's achievement and subject identifiers.
BADGE_NAMESPACE = uuid.UUID("3b0f5c2e-7d41-5a8e-b6c9-0f1e2d3c4b5a")
ALGORITHM = "RS256"
COMPACT_JWS = r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"
_BAKED = re.compile(rf'<[A-Za-z0-9_-]+:credential\b[^>]*?\sverify="({COMPACT_JWS})"')
_BARE = re.compile(rf"^\s*({COMPACT_JWS})\s*$")


class BadgeInvalid(ValueError):
    """The file is not a badge this issuer signed, or it has been changed since."""


@dataclass(frozen=True)
class SigningKey:
    private_key: RSAPrivateKey
    public_jwk: dict[str, str]

    @property
    def thumbprint(self) -> str:
        return jwk_thumbprint(self.public_jwk)


@dataclass(frozen=True)
class Site:
    """Where the issuer's public documents live (the site's base address, no trailing slash)."""

    base_url: str

    @property
    def issuer_id(self) -> str:
        return f"{self.base_url}/badges/issuer/"

    def key_url(self, thumbprint: str) -> str:
        return f"{self.base_url}/badges/keys/{thumbprint}/"

    def status_list_url(self, number: int) -> str:
        return f"{self.base_url}/badges/status/{number}/"

    def verify_url(self, code: str) -> str:
        return f"{self.base_url}/verify/{code}/"

    def issuer_profile(self) -> dict[str, Any]:
        return {
            "@context": [VC_CONTEXT, OB_CONTEXT],
            "id": self.issuer_id,
            "type": ["Profile"],
            "name": "Lantern",
            "url": f"{self.base_url}/",
            "description": (
                "Modern slavery training and response for UK frontline professionals. "
                "Lantern issues a certificate, and this badge, when someone completes a course "
                "or attends a session."
            ),
        }


@dataclass(frozen=True)
class Alignment:
    """A National Occupational Standards item the achievement covers (an OB 3.0 Alignment to a
    CASE CFItem: the item's place on the standard's public page)."""

    code: str
    text: str
    framework: str
    url: str


@dataclass(frozen=True)
class BadgeFacts:
    """What one certificate says, as the badge will say it."""

    certificate_id: uuid.UUID
    code: str
    full_name: str
    course_title: str
    pathway_title: str
    cpd_hours: Decimal
    issued_on: date
    # Names the achievement: the course and pathway, or the kind of session attended.
    achievement_key: str
    # What the achievement is called: the course and its pathway, or the session's title.
    achievement_name: str
    # The person's email address, for a course certificate; None for an attended session.
    email: str | None
    status_index: int
    alignments: tuple[Alignment, ...] = ()


def jwk_thumbprint(public_jwk: dict[str, str]) -> str:
    """RFC 7638: SHA-256 over the required members of an RSA JWK, in lexical order."""
    members = {name: public_jwk[name] for name in ("e", "kty", "n")}
    digest = hashlib.sha256(json.dumps(members, separators=(",", ":")).encode()).digest()
    return _b64url(digest)


def public_jwk(public_key: RSAPublicKey) -> dict[str, str]:
    """The key's public JWK: only ``kty``, ``n`` and ``e``, never ``d`` or the CRT values."""
    jwk_dict = jwt.algorithms.RSAAlgorithm.to_jwk(public_key, as_dict=True)
    return {name: str(jwk_dict[name]) for name in ("kty", "n", "e")}


def signing_key(private_key: RSAPrivateKey) -> SigningKey:
    return SigningKey(private_key=private_key, public_jwk=public_jwk(private_key.public_key()))


def public_jwk_document(key_jwk: dict[str, str], kid: str) -> dict[str, str]:
    return {**key_jwk, "kid": kid, "alg": ALGORITHM, "use": "sig"}


def achievement_id(key: str) -> str:
    return f"urn:uuid:{uuid.uuid5(BADGE_NAMESPACE, 'achievement:' + key)}"


def subject_id(certificate_id: uuid.UUID) -> str:
    return f"urn:uuid:{uuid.uuid5(BADGE_NAMESPACE, 'subject:' + str(certificate_id))}"


def email_identity(email: str, certificate_id: uuid.UUID) -> dict[str, Any]:
    """A salted hash of the address (OB 3.0 IdentityObject), never the address itself.

    The salt is fixed per certificate, so every download of one badge carries the same hash.
    """
    salt = hashlib.sha256(f"lantern-badge-salt:{certificate_id}".encode()).hexdigest()[:16]
    digest = hashlib.sha256((email.strip().lower() + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "hashed": True,
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "salt": salt,
    }


def status_position(index: int) -> tuple[int, int]:
    """The list a status index falls in, and its place in that list."""
    return divmod(index, LIST_BITS)


def _valid_from(issued_on: date) -> datetime:
    return datetime.combine(issued_on, time.min, tzinfo=UTC)


def credential(facts: BadgeFacts, site: Site) -> dict[str, Any]:
    """The OpenBadgeCredential (VC Data Model 2.0) for one certificate."""
    hours = f"{facts.cpd_hours.normalize():f}"
    title = facts.achievement_name
    list_number, position = status_position(facts.status_index)
    list_url = site.status_list_url(list_number)
    subject: dict[str, Any] = {
        "id": subject_id(facts.certificate_id),
        "type": ["AchievementSubject"],
        "achievement": {
            "id": achievement_id(facts.achievement_key),
            "type": ["Achievement"],
            "achievementType": "Certificate",
            "name": title,
            "description": (
                f"{facts.course_title} ({facts.pathway_title}), from Lantern's modern slavery "
                f"training for UK frontline professionals. {hours} CPD hours."
            ),
            "criteria": {
                "narrative": (
                    "Awarded when the learner completes every unit of the course's pathway, "
                    "including its case studies and the post-course check, or attends the "
                    "whole of a facilitated awareness session."
                )
            },
        },
    }
    if facts.alignments:
        subject["achievement"]["alignment"] = [
            {
                "type": ["Alignment"],
                "targetName": a.code,
                "targetDescription": a.text,
                "targetUrl": a.url,
                "targetCode": a.code,
                "targetFramework": a.framework,
                "targetType": "CFItem",
            }
            for a in facts.alignments
        ]
    if facts.email:
        subject["identifier"] = [email_identity(facts.email, facts.certificate_id)]
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{facts.certificate_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": title,
        "description": (
            f"Awarded to {facts.full_name} on {facts.issued_on:%-d %B %Y}. "
            f"Certificate code {facts.code}: check it at {site.verify_url(facts.code)}"
        ),
        "issuer": {
            "id": site.issuer_id,
            "type": ["Profile"],
            "name": "Lantern",
            "url": f"{site.base_url}/",
        },
        "validFrom": _valid_from(facts.issued_on).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": subject,
        "credentialStatus": {
            "id": f"{list_url}#{position}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(position),
            "statusListCredential": list_url,
        },
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }


def encoded_list(positions: Iterable[int]) -> str:
    """Bitstring Status List ``encodedList``: multibase ("u") base64url, no padding, of the
    GZIP-compressed bitstring. Position 0 is the most significant bit of the first byte."""
    bits = bytearray(LIST_BITS // 8)
    for position in positions:
        if not 0 <= position < LIST_BITS:
            raise ValueError(f"status position {position} is outside the list")
        bits[position // 8] |= 0x80 >> (position % 8)
    # mtime=0: the same revocations always give the same bytes.
    return "u" + _b64url(gzip.compress(bytes(bits), mtime=0))


def status_list_credential(
    site: Site, number: int, revoked_positions: Iterable[int], now: datetime
) -> dict[str, Any]:
    url = site.status_list_url(number)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": site.issuer_id,
        "validFrom": now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "validUntil": (now + LIST_LIFETIME).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list(revoked_positions),
        },
    }


def _numeric_date(value: str) -> int:
    return int(datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC).timestamp())


def sign(document: dict[str, Any], key: SigningKey, site: Site) -> str:
    """The document as a Compact JWS: the VC-JWT proof format of Open Badges 3.0.

    The payload is the credential itself, with the registered claims the format requires:
    ``iss`` (issuer id), ``jti`` (credential id), ``nbf`` (validFrom), ``sub`` (subject id,
    when there is one) and ``exp`` (validUntil, when there is one).
    """
    issuer = document["issuer"]
    claims: dict[str, Any] = {
        **document,
        "iss": issuer["id"] if isinstance(issuer, dict) else issuer,
        "jti": document["id"],
        "nbf": _numeric_date(document["validFrom"]),
    }
    subject = document.get("credentialSubject", {})
    if isinstance(subject, dict) and subject.get("id"):
        claims["sub"] = subject["id"]
    if document.get("validUntil"):
        claims["exp"] = _numeric_date(document["validUntil"])
    return jwt.encode(
        claims,
        key.private_key,
        algorithm=ALGORITHM,
        headers={"kid": site.key_url(key.thumbprint), "typ": "JWT"},
    )


def _svg_text(
    value: str, *, y: float, size: int, smallest: int, bold: bool, fill: str, max_lines: int = 2
) -> str:
    """One line of the badge's text, centred; too wide for the circle it shrinks, then wraps
    onto up to ``max_lines`` lines around ``y`` (Liberation Sans's widths stand for Arial's:
    the same metrics)."""
    fitted, lines = fit_text(
        value,
        font=BOLD if bold else REGULAR,
        size=size,
        smallest=smallest,
        width=400,
        max_lines=max_lines,
    )
    leading = round(fitted * 1.2, 1)
    first = round(y - leading * (len(lines) - 1) / 2, 1)
    weight = ' font-weight="bold"' if bold else ""
    spans = "".join(
        f'<tspan x="256" y="{round(first + n * leading, 1)}">{html.escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return (
        f'<text text-anchor="middle" font-family="Arial, sans-serif" font-size="{round(fitted, 1)}"'
        f'{weight} fill="{fill}">{spans}</text>\n'
    )


def baked_svg(token: str, facts: BadgeFacts) -> str:
    """An SVG badge image with the signed credential baked in (OB 3.0, section 5.3.2)."""
    issued = f"{facts.issued_on:%-d %B %Y}"
    title = html.escape(facts.course_title)
    name = html.escape(facts.full_name)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'xmlns:openbadges="{SVG_NAMESPACE}" viewBox="0 0 512 512" width="512" height="512" '
        'role="img" aria-labelledby="badge-title">\n'
        f'<openbadges:credential verify="{html.escape(token, quote=True)}">'
        "</openbadges:credential>\n"
        f'<title id="badge-title">Lantern badge: {title}, awarded to {name} on {issued}</title>\n'
        '<circle cx="256" cy="256" r="240" fill="#ffffff" stroke="#1d70b8" stroke-width="24"/>\n'
        + _svg_text("Lantern", y=150, size=40, smallest=40, bold=True, fill="#0b0c0c")
        + _svg_text(facts.course_title, y=226, size=22, smallest=15, bold=False, fill="#0b0c0c")
        + _svg_text(
            facts.full_name, y=290, size=24, smallest=16, bold=True, fill="#0b0c0c", max_lines=3
        )
        + _svg_text(issued, y=346, size=20, smallest=20, bold=False, fill="#0b0c0c")
        + _svg_text(facts.code, y=400, size=20, smallest=20, bold=False, fill="#1d70b8")
        + "</svg>\n"
    )


_SVG_TEXT = re.compile(
    r"<(?:[A-Za-z0-9_-]+:)?text\b[^>]*>(.*?)</(?:[A-Za-z0-9_-]+:)?text\s*>", re.S
)
_TAG = re.compile(r"<[^>]*>")


def svg_shows_name(text: str, full_name: str) -> bool | None:
    """Whether an SVG badge's visible words still show ``full_name`` (None: not an SVG).

    The signature covers only the credential baked inside the image; the words drawn on it
    can be edited without breaking it. A badge made before names were wrapped showed at most
    60 characters of the name, so that much is enough."""
    if "<svg" not in text:
        return None
    shown = " ".join(html.unescape(_TAG.sub(" ", m.group(1))) for m in _SVG_TEXT.finditer(text))
    words = " ".join(shown.split())
    wanted = " ".join(full_name.split())
    return wanted in words or " ".join(full_name[:60].split()) in words


def token_from_file(text: str) -> str | None:
    """The Compact JWS in a baked SVG badge (``<openbadges:credential verify="...">``) or in a
    ``.jwt`` file; None when there is none."""
    match = _BAKED.search(text) or _BARE.match(text)
    return match.group(1) if match else None


def verify_token(token: str, keys: dict[str, dict[str, str]], site: Site) -> dict[str, Any]:
    """The credential in ``token`` if this issuer signed it with one of ``keys`` (by RFC 7638
    thumbprint) and it is an OpenBadgeCredential whose registered claims match it."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.InvalidTokenError as exc:
        raise BadgeInvalid("not a signed badge") from exc
    kid = header.get("kid")
    jwk = next((k for t, k in keys.items() if kid == site.key_url(t)), None)
    if header.get("alg") != ALGORITHM or jwk is None:
        raise BadgeInvalid("not signed by a key this issuer publishes")
    public_key = jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(jwk))
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            public_key,  # type: ignore[arg-type]
            algorithms=[ALGORITHM],
            issuer=site.issuer_id,
            options={"require": ["iss", "jti", "nbf"], "verify_aud": False},
        )
    except jwt.InvalidTokenError as exc:
        raise BadgeInvalid(f"the signature or its claims do not hold ({exc})") from exc
    issuer = claims.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if (
        "OpenBadgeCredential" not in claims.get("type", [])
        or claims.get("jti") != claims.get("id")
        or issuer_id != site.issuer_id
    ):
        raise BadgeInvalid("not an Open Badge from this issuer")
    return claims


def certificate_id_of(claims: dict[str, Any]) -> uuid.UUID | None:
    """The certificate a verified credential is for (its id is ``urn:uuid:<certificate id>``)."""
    identifier = str(claims.get("id", ""))
    if not identifier.startswith("urn:uuid:"):
        return None
    try:
        return uuid.UUID(identifier.removeprefix("urn:uuid:"))
    except ValueError:
        return None


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")
