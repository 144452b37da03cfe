"""xAPI 2.0 statements for learning events, stored in Lantern first and optionally forwarded.

The actor is pseudonymous: an ``account`` whose ``homePage`` is this Lantern and whose ``name``
is an opaque per-person UUID (LearnerPseudonym). No email, name or organisation is sent.

Settings (Django settings or environment variables of the same name):
- LEARNING_XAPI_HOMEPAGE  the IRL that identifies this Lantern (default https://lantern.invalid)
- LEARNING_LRS_ENDPOINT   e.g. https://lrs.example.org/xapi/ (forwarding is off when unset)
- LEARNING_LRS_USERNAME, LEARNING_LRS_PASSWORD  HTTP Basic credentials for the LRS
"""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from lantern.core import outbound

XAPI_VERSION = "2.0.0"

VERBS: dict[str, str] = {
    "launched": "http://adlnet.gov/expapi/verbs/launched",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "chose": "http://id.tincanapi.com/verb/selected",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
}
# Verbs no published vocabulary has: IRIs under this Lantern's own homepage, as its activity
# IRIs are (an xAPI IRI should be in a namespace its maker controls; w3id.org/xapi/ is not ours).
OWN_VERBS = ("refreshed",)
ACTIVITY_TYPES: dict[str, str] = {
    "course": "http://adlnet.gov/expapi/activities/course",
    "module": "http://adlnet.gov/expapi/activities/module",
    "page": "http://adlnet.gov/expapi/activities/lesson",
    "questions": "http://adlnet.gov/expapi/activities/assessment",
    "question": "http://adlnet.gov/expapi/activities/cmi.interaction",
    "scenario": "http://adlnet.gov/expapi/activities/simulation",
    "assessment": "http://adlnet.gov/expapi/activities/assessment",
}


def setting(name: str, default: str = "") -> str:
    """A learning setting (declared in lantern/config/settings.py from the environment)."""
    return str(getattr(settings, name, "") or default)


def homepage() -> str:
    return setting("LEARNING_XAPI_HOMEPAGE", "https://lantern.invalid").rstrip("/")


def activity_iri(*parts: str) -> str:
    return homepage() + "/xapi/activities/" + "/".join(parts)


def verb_iri(verb: str) -> str:
    if verb in OWN_VERBS:
        return homepage() + "/xapi/verbs/" + verb
    return VERBS[verb]


def build_statement(
    *,
    actor_key: uuid.UUID,
    verb: str,
    activity: str,
    activity_type: str,
    name: str,
    timestamp: datetime | None = None,
    result: dict[str, Any] | None = None,
    registration: uuid.UUID | None = None,
    parent: str | None = None,
    extensions: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A complete xAPI 2.0 statement (pure: no database)."""
    statement: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": homepage(), "name": str(actor_key)},
        },
        "verb": {"id": verb_iri(verb), "display": {"en-GB": verb}},
        "object": {
            "objectType": "Activity",
            "id": activity,
            "definition": {"name": {"en-GB": name}, "type": ACTIVITY_TYPES[activity_type]},
        },
        "timestamp": (timestamp or timezone.now()).isoformat(),
        "version": XAPI_VERSION,
    }
    if result:
        statement["result"] = result
    context: dict[str, Any] = {"platform": "Lantern", "language": "en-GB"}
    if registration:
        context["registration"] = str(registration)
    if parent:
        context["contextActivities"] = {"parent": [{"objectType": "Activity", "id": parent}]}
    if extensions:
        context["extensions"] = {
            homepage() + "/xapi/extensions/" + key: value for key, value in extensions.items()
        }
    statement["context"] = context
    return statement


def lrs_address_allowed(url: str) -> bool:
    """Where statements may be forwarded: https, or plain http to this machine (a development
    LRS), never with credentials in the address (they go in the settings, sent as a header).
    The operator sets this address, so an LRS inside their own network is theirs to choose."""
    parts = urlsplit(url)
    if parts.username or parts.password or not parts.hostname:
        return False
    if parts.scheme == "https":
        return True
    return parts.scheme == "http" and outbound.local_host(parts.hostname)


def lrs_post(statements: list[dict[str, Any]]) -> None:
    """POST a batch to the configured LRS; raises on any failure (the caller keeps them). Only
    a 2xx answer is a delivery: a redirect is not followed (core.outbound) but is a failure."""
    endpoint = setting("LEARNING_LRS_ENDPOINT").rstrip("/") + "/statements"
    if not lrs_address_allowed(endpoint):
        raise ValueError(
            "LEARNING_LRS_ENDPOINT must be an https:// address without credentials in it"
        )
    headers = {"Content-Type": "application/json", "X-Experience-API-Version": XAPI_VERSION}
    user, password = setting("LEARNING_LRS_USERNAME"), setting("LEARNING_LRS_PASSWORD")
    if user:
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        headers["Authorization"] = "Basic " + token
    status, _ = outbound.call(
        "POST", endpoint, headers=headers, body=json.dumps(statements).encode()
    )
    if not 200 <= status < 300:
        raise OSError(f"the LRS answered {status}")
