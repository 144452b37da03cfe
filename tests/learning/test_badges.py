"""Open Badges 3.0 for certificates (ADR 11), checked by an independent verifier.

openbadgeslib (a separate implementation of Open Badges 3.0, used only by the tests) extracts the
credential from the downloaded SVG, checks its VC-JWT signature with the key that Lantern
publishes at the token's ``kid``, checks the credential's structure and registered claims, and
fetches the signed revocation list. Every one of those documents comes from Lantern's real
views, through the whole middleware stack.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.test import Client, override_settings
from openbadgeslib.ob3.status import decode_encoded_list
from openbadgeslib.ob3.verifier import OB3VerificationError, OB3Verifier

from lantern.core.roles import Role
from lantern.learning import badge_keys, badges, services
from lantern.learning.models import Certificate
from tests.helpers import make_org, make_user, signed_in
from tests.learning.factories import course


@pytest.fixture(autouse=True)
def _fresh_keys():
    badge_keys.clear_cache()
    yield
    badge_keys.clear_cache()


@pytest.fixture
def nurse(db):
    org = make_org("Badge NHS Trust", org_type="health")
    return make_user("learner", org=org, email="Badge.Nurse@example.test")


def _certificate(user) -> Certificate:
    enrolment = services.enrolment_start(user=user, course=course())
    return services.certificate_issue(enrolment=enrolment)


def _fetch(client: Client):
    """openbadgeslib's download hook, answered by Lantern's own views."""

    def download(url: str) -> bytes:
        base = settings.LANTERN_BASE_URL.rstrip("/")
        assert url.startswith(base + "/"), url
        response = client.get(urlsplit(url).path)
        assert response.status_code == 200, (url, response.status_code)
        return response.content

    return download


def _pem_from_kid(client: Client, token: str) -> bytes:
    """Dereference the token's ``kid``, as a verifier would, to the public key."""
    kid = jwt.get_unverified_header(token)["kid"]
    jwk = json.loads(_fetch(client)(kid))
    assert "d" not in jwk and jwk["kty"] == "RSA" and jwk["kid"] == kid
    public = jwt.algorithms.RSAAlgorithm.from_jwk(json.dumps(jwk))
    assert isinstance(public, rsa.RSAPublicKey)
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _raw(credential: Any) -> dict[str, Any]:
    """The verified credential document, as the verifier read it."""
    assert isinstance(credential.raw, dict)
    return credential.raw


def _download_badge(client: Client, certificate: Certificate) -> str:
    response = client.get(f"/learning/certificates/{certificate.pk}/badge.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert f"lantern-badge-{certificate.code}.svg" in response["Content-Disposition"]
    return OB3Verifier.extract_token_from_svg(response.content)


def test_a_learners_badge_verifies_and_says_only_what_it_should(nurse) -> None:
    from lantern.standards.services import standards_content_load

    standards_content_load()
    certificate = _certificate(nurse)
    client = signed_in(nurse)
    page = client.get(f"/learning/certificates/{certificate.pk}/badge/").content.decode()
    assert "What the badge holds" in page and "Download your badge" in page
    token = _download_badge(client, certificate)

    anonymous = Client()
    verifier = OB3Verifier(_pem_from_kid(anonymous, token))
    credential = verifier.verify(token, check_status=True, download=_fetch(anonymous))

    payload = _raw(credential)
    site = services.badge_site()
    assert credential.issuer.id == site.issuer_id == payload["iss"]
    assert payload["jti"] == payload["id"] == f"urn:uuid:{certificate.pk}"
    assert payload["sub"] == payload["credentialSubject"]["id"]
    assert payload["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert payload["@context"] == [badges.VC_CONTEXT, badges.OB_CONTEXT]
    assert credential.achievement.name == "Modern slavery awareness: Health"
    assert "Test Person" in payload["description"] and certificate.code in payload["description"]
    assert payload["validFrom"] == f"{certificate.issued_on:%Y-%m-%d}T00:00:00Z"

    # The email address is there only as a salted hash that a verifier can check.
    assert "badge.nurse" not in json.dumps(payload).lower()
    [identity] = payload["credentialSubject"]["identifier"]
    digest = hashlib.sha256(("badge.nurse@example.test" + identity["salt"]).encode()).hexdigest()
    assert identity["identityHash"] == f"sha256${digest}" and identity["hashed"] is True

    # The achievement states the NOS items the health pathway covers, each a CASE CFItem on the
    # standard's public page.
    alignments = payload["credentialSubject"]["achievement"]["alignment"]
    codes = [a["targetCode"] for a in alignments]
    assert len(codes) == len(set(codes)) >= 5
    assert all(code.startswith("SFJBMS05.") for code in codes)
    for alignment in alignments[:3]:
        assert alignment["targetType"] == "CFItem" and alignment["targetDescription"]
        url = urlsplit(alignment["targetUrl"])
        standard_page = anonymous.get(url.path)
        assert standard_page.status_code == 200
        assert f'id="{url.fragment}"' in standard_page.content.decode()

    # The issuer profile that the badge names is published where its id says.
    profile = anonymous.get(urlsplit(site.issuer_id).path)
    assert profile.status_code == 200 and json.loads(profile.content)["id"] == site.issuer_id

    # Two downloads carry the same credential: its place in the revocation list is kept.
    again = verifier.verify(_download_badge(client, certificate))
    assert _raw(again)["credentialStatus"] == payload["credentialStatus"]
    assert _raw(again)["credentialSubject"] == payload["credentialSubject"]


def test_a_revoked_certificate_fails_the_status_check_and_has_no_new_badge(nurse) -> None:
    certificate = _certificate(nurse)
    client = signed_in(nurse)
    token = _download_badge(client, certificate)
    anonymous = Client()
    verifier = OB3Verifier(_pem_from_kid(anonymous, token))
    verifier.verify(token, check_status=True, download=_fetch(anonymous))  # fetched and cached

    admin = make_user(Role.ORG_ADMIN, org=nurse.memberships.first().organisation)
    services.certificate_revoke(actor=admin, certificate=certificate, reason="Issued in error")

    with pytest.raises(OB3VerificationError, match="revocation"):
        verifier.verify(token, check_status=True, download=_fetch(anonymous))
    # Without the status check the signature still holds: revocation lives in the list.
    verifier.verify(token)
    response = client.get(f"/learning/certificates/{certificate.pk}/badge.svg")
    assert response.status_code == 302 and response["Location"].endswith("/badge/")
    assert "was revoked" in client.get(response["Location"]).content.decode()


def test_an_attended_session_badge_has_no_email_identity(db) -> None:
    from datetime import date
    from decimal import Decimal

    org = make_org("Session Borough")
    certificate = services.certificate_issue_for_attendance(
        full_name="Sam Attendee",
        title="Modern slavery awareness session",
        cpd_hours=Decimal("2.5"),
        issued_on=date(2026, 11, 2),
        source_ref="test:badge-session",
        organisation=org,
    )
    svg = services.certificate_badge_svg(certificate=certificate)
    token = OB3Verifier.extract_token_from_svg(svg.encode())
    credential = OB3Verifier(_pem_from_kid(Client(), token)).verify(token)
    assert "identifier" not in _raw(credential)["credentialSubject"]
    assert credential.achievement.name == "Modern slavery awareness session"
    assert "Sam Attendee" in _raw(credential)["description"]


def test_only_the_certificates_owner_can_get_its_badge(nurse) -> None:
    certificate = _certificate(nurse)
    colleague = make_user("learner", org=nurse.memberships.first().organisation)
    client = signed_in(colleague)
    for suffix in ("badge/", "badge.svg"):
        response = client.get(f"/learning/certificates/{certificate.pk}/{suffix}")
        assert response.status_code in (403, 404)
    assert Client().get(f"/learning/certificates/{certificate.pk}/badge.svg").status_code == 302


def test_status_list_bits_follow_the_bitstring_status_list_encoding() -> None:
    encoded = badges.encoded_list([0, 9, badges.LIST_BITS - 1])
    assert encoded.startswith("u")
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(raw) * 8 == badges.LIST_BITS == 131_072
    assert raw[0] == 0b1000_0000 and raw[1] == 0b0100_0000 and raw[-1] == 0b0000_0001
    assert decode_encoded_list(encoded) == raw  # the independent decoder agrees
    with pytest.raises(ValueError):
        badges.encoded_list([badges.LIST_BITS])


def test_places_in_the_lists_are_distinct_and_lists_exist_only_as_needed(nurse) -> None:
    indexes = set()
    for n in range(5):
        user = make_user("learner", email=f"placed-{n}@example.test")
        certificate = _certificate(user)
        services.certificate_badge_svg(certificate=certificate)
        certificate.refresh_from_db()
        assert certificate.status_index is not None
        indexes.add(certificate.status_index)
    assert len(indexes) == 5
    anonymous = Client()
    assert anonymous.get("/badges/status/0/").status_code == 200
    assert anonymous.get("/badges/status/1/").status_code == 404


def test_retired_keys_stay_published_and_unknown_keys_are_not_found(db, tmp_path: Path) -> None:
    retired = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    retired_file = tmp_path / "retired.pem"
    retired_file.write_bytes(
        retired.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    with override_settings(BADGE_RETIRED_PUBLIC_KEY_FILES=[str(retired_file)]):
        badge_keys.clear_cache()
        keys = badge_keys.published_keys()
        assert len(keys) == 2
        for thumbprint in keys:
            assert Client().get(f"/badges/keys/{thumbprint}/").status_code == 200
    assert Client().get("/badges/keys/not-a-key/").status_code == 404


def test_with_no_key_configured_no_badge_is_offered(nurse) -> None:
    certificate = _certificate(nurse)
    with override_settings(BADGE_SIGNING_KEY_FILE=""):
        badge_keys.clear_cache()
        client = signed_in(nurse)
        assert "digital badge" not in client.get("/learning/").content.decode()
        page = client.get(f"/learning/certificates/{certificate.pk}/badge/").content.decode()
        assert "does not issue digital badges" in page
        response = client.get(f"/learning/certificates/{certificate.pk}/badge.svg")
        assert response.status_code == 302
        assert Client().get("/badges/issuer/").status_code == 404
        assert Client().get("/badges/status/0/").status_code == 404


def test_a_configured_key_that_cannot_sign_stops_start_up(tmp_path: Path) -> None:
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    path = tmp_path / "weak.pem"
    path.write_bytes(
        weak.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    for configured in (path, tmp_path / "missing.pem"):
        with override_settings(BADGE_SIGNING_KEY_FILE=str(configured), LOCAL=False):
            [error] = badge_keys.check_badge_keys()
            assert error.id == "lantern.E011" and str(configured) in error.msg


def _upload(client: Client, name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/verify/badge/", {"badge": SimpleUploadedFile(name, content)})


def test_anyone_can_check_a_badge_file_on_the_public_page(nurse) -> None:
    certificate = _certificate(nurse)
    svg = signed_in(nurse).get(f"/learning/certificates/{certificate.pk}/badge.svg").content
    anonymous = Client()
    assert "Check a digital badge" in anonymous.get("/verify/").content.decode()

    page = _upload(anonymous, "badge.svg", svg).content.decode()
    assert "Valid certificate" in page and "Test Person" in page
    assert 'data-testid="badge-checked"' in page

    token = OB3Verifier.extract_token_from_svg(svg)
    page = _upload(anonymous, "badge.jwt", token.encode()).content.decode()
    assert "Valid certificate" in page and certificate.code in page

    # A changed badge: the payload says another certificate, the signature no longer holds.
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["description"] = claims["description"].replace("Test Person", "Someone Else")
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    response = _upload(anonymous, "badge.jwt", f"{header}.{forged}.{signature}".encode())
    assert response.status_code == 400
    assert "did not issue this badge, or it has been changed" in response.content.decode()

    # A badge signed by someone else's key, naming Lantern's key.
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    unverified = jwt.decode(token, options={"verify_signature": False})
    counterfeit = jwt.encode(
        unverified, stranger, algorithm="RS256", headers=jwt.get_unverified_header(token)
    )
    response = _upload(anonymous, "badge.jwt", counterfeit.encode())
    assert response.status_code == 400 and "did not issue this badge" in response.content.decode()

    # Not a badge at all, and the wrong kind of file.
    response = _upload(anonymous, "picture.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert "does not contain a digital badge" in response.content.decode()
    response = _upload(anonymous, "notes.txt", b"hello")
    assert response.status_code == 400 and "must be an SVG, JWT or JWS file" in (
        response.content.decode()
    )

    # After revocation the same file shows the certificate as revoked.
    admin = make_user(Role.ORG_ADMIN, org=nurse.memberships.first().organisation)
    services.certificate_revoke(actor=admin, certificate=certificate, reason="Issued in error")
    page = _upload(anonymous, "badge.svg", svg).content.decode()
    assert "This certificate has been revoked" in page and "Issued in error" not in page


def test_a_demo_or_test_run_makes_its_key_once(tmp_path: Path) -> None:
    path = tmp_path / "var" / "badge-key.pem"
    with override_settings(BADGE_SIGNING_KEY_FILE=str(path)):
        badge_keys.clear_cache()
        first = badge_keys.current_key()
        badge_keys.clear_cache()
        again = badge_keys.current_key()
    assert first is not None and again is not None and first.thumbprint == again.thumbprint
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["badge-key.pem"]


def test_a_badge_whose_drawn_name_was_edited_is_flagged(nurse) -> None:
    certificate = _certificate(nurse)
    svg = signed_in(nurse).get(f"/learning/certificates/{certificate.pk}/badge.svg").content
    anonymous = Client()
    page = _upload(anonymous, "badge.svg", svg).content.decode()
    assert 'data-testid="badge-name-changed"' not in page
    assert "nobody has changed it since" not in page
    assert "Check that the name, course and date below match the badge you were given" in page

    edited = svg.replace(b">Test Person<", b">Someone Else<")
    assert edited != svg
    page = _upload(anonymous, "badge.svg", edited).content.decode()
    assert 'data-testid="badge-name-changed"' in page
    assert "The name shown on this badge image has been changed" in page
    assert "Valid certificate" in page and "Test Person" in page  # the signed record's name


def test_a_long_name_fits_the_badge_circle_whole() -> None:
    import html
    import re
    from datetime import date
    from decimal import Decimal
    from uuid import uuid4

    from reportlab.pdfbase import pdfmetrics

    from lantern.learning.certificates import BOLD, REGULAR

    name = " ".join(["Łukasz Wiśniewski-Nguyễn Thị Hương"] * 5)[:150]
    facts = badges.BadgeFacts(
        certificate_id=uuid4(),
        code="ABCD-EFGH-JKMN",
        full_name=name,
        course_title="Modern slavery awareness",
        pathway_title="Health",
        cpd_hours=Decimal("1.5"),
        issued_on=date(2026, 11, 30),
        achievement_key="awareness:health",
        achievement_name="Modern slavery awareness: Health",
        email=None,
        status_index=0,
    )
    svg = badges.baked_svg("a.b.c", facts)
    assert badges.svg_shows_name(svg, name) is True
    assert badges.svg_shows_name(svg, "Someone Else") is False
    assert badges.svg_shows_name("a.b.c", name) is None  # a .jwt file draws nothing
    for text in re.finditer(r'<text [^>]*font-size="([\d.]+)"([^>]*)>(.*?)</text>', svg):
        size, font = float(text.group(1)), BOLD if "bold" in text.group(2) else REGULAR
        for line in re.findall(r"<tspan [^>]*>(.*?)</tspan>", text.group(3)):
            assert pdfmetrics.stringWidth(html.unescape(line), font, size) <= 400, line
