from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from lantern.core.roles import Role
from tests.helpers import PASSWORD, make_org, make_user, sign_in

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("path", ["/", "/accessibility/", "/privacy/", "/cookies/", "/sign-in/"])
def test_public_pages_render_in_the_layout(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-skip-link"' in html
    assert "govuk-phase-banner" in html
    assert (
        'href="/accessibility/"' in html
        and 'href="/privacy/"' in html
        and 'href="/cookies/"' in html
    )
    assert "govuk-header__logotype" not in html  # no crown: Lantern is not on gov.uk


def test_signed_out_the_home_page_leads_straight_to_i_m_worried_about_someone(
    client: Client,
) -> None:
    """On a phone the navigation is collapsed: the way in must be on the page, before sign-in,
    and 999 must be tappable."""
    html = client.get("/").content.decode()
    button = html.find('href="/worried/" role="button"')
    assert button >= 0, "a start button to /worried/"
    assert "I'm worried about someone" in html[button : button + 400]
    assert "govuk-button--start" in html[button : button + 400]
    assert button < html.index('href="/sign-in/" role="button"')
    assert 'href="tel:999">999</a>' in html
    assert html.index('href="tel:999"') < button


def test_every_page_has_a_csp_with_a_nonce_and_no_inline_script(client: Client) -> None:
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "style-src 'self'" in csp and "unsafe-inline" not in csp
    html = response.content.decode()
    assert "<script>" not in html and " style=" not in html
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in html


def test_security_headers(client: Client) -> None:
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_unknown_url_gets_the_govuk_404_page(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_an_oversized_request_gets_a_clear_413_page(client: Client, settings) -> None:
    settings.LANTERN_MAX_REQUEST_BYTES = 1024
    response = client.post("/sign-in/", {"username": "x" * 4000, "password": "y"})
    assert response.status_code == 413
    assert "The file is too large" in response.content.decode()


def test_a_forged_form_gets_the_csrf_page() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"username": "a@example.test", "password": "x"})
    assert response.status_code == 403
    assert "Your page timed out" in response.content.decode()


def test_healthz_reports_each_part_without_saying_what_runs_here(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "tasks": "ok"}}
    text = response.content.decode()
    for internal in ("vendor", "backend", "sqlite", "postgresql", "Cache", "ready", "running"):
        assert internal not in text, internal


def test_healthz_shows_the_detail_only_to_a_platform_admin(client: Client) -> None:
    org = make_org()
    sign_in(client, make_user(Role.ORG_ADMIN, org=org))
    assert "detail" not in json.loads(client.get("/healthz").content)
    platform_admin = make_user(Role.PLATFORM_ADMIN, org=org)
    half = Client()  # password only: the second factor still owed
    half.post("/sign-in/", {"username": platform_admin.email, "password": PASSWORD})
    assert "detail" not in json.loads(half.get("/healthz").content)
    admin = Client()
    sign_in(admin, platform_admin)
    body = json.loads(admin.get("/healthz").content)
    assert body["checks"]["database"] == "ok"
    assert body["detail"]["database"] == {"status": "ok", "vendor": connection.vendor}
    assert "backend" in body["detail"]["cache"]


def test_healthz_says_failing_and_503_when_the_cache_fails(client: Client, settings) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        }
    }
    response = client.get("/healthz")
    body = json.loads(response.content)
    assert response.status_code == 503
    assert body["status"] == "failing" and body["checks"]["cache"] == "failing"
    assert body["checks"]["database"] == "ok"
    assert "ConnectionError" not in response.content.decode()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "LANTERN_ENV": "production",
        "SECRET_KEY": "k7#Vq2!mZp9$Lw4@Rt6^Yx8&Nb3*Hc5(Jd1)Fg0-Se" * 2,
        "FIELD_ENCRYPTION_KEYS": "bGFudGVybi1sb2NhbC1vbmx5LWtleS0wMDAwMDAwMDA=",
        "ALLOWED_HOSTS": "lantern.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "LANTERN_ENV": "production",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
