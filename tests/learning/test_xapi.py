"""Every stored statement is a well-formed xAPI 2.0 statement with a pseudonymous actor.

The checks are the xAPI 2.0 data rules that apply to what Lantern sends (IEEE 9274.1.1, Part
Two): statement id a UUID; actor an Agent identified by an account (homePage IRL and name) and
by nothing that names the person; verb an absolute IRI with a language map; object an Activity
with an absolute IRI; timestamp ISO 8601 with a time zone; version 2.0.0; a score's raw value
between min and max and scaled in [-1, 1]; registration a UUID; extension keys IRIs."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import pytest

from lantern.accounts.demo import seed_accounts
from lantern.accounts.models import User
from lantern.learning import services, xapi
from lantern.learning.demo import seed_learning
from lantern.learning.models import Enrolment, Statement
from tests.learning.factories import course

pytestmark = pytest.mark.django_db

ADL_OR_OWN = ("http://adlnet.gov/expapi/verbs/", "http://id.tincanapi.com/verb/")


def _iri(value: Any) -> bool:
    parts = urlsplit(str(value))
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def problems(s: dict[str, Any]) -> list[str]:
    out = []
    uuid.UUID(s["id"])
    actor = s["actor"]
    if actor.get("objectType") != "Agent" or set(actor) - {"objectType", "account"}:
        out.append(f"actor must be an Agent with an account only: {actor}")
    account = actor.get("account", {})
    if not _iri(account.get("homePage")) or not account.get("name"):
        out.append(f"account needs homePage and name: {account}")
    uuid.UUID(account["name"])  # a pseudonym, never an email or a name
    verb = s["verb"]
    if not _iri(verb["id"]) or not verb.get("display"):
        out.append(f"verb: {verb}")
    if not verb["id"].startswith((*ADL_OR_OWN, xapi.homepage() + "/xapi/verbs/")):
        out.append(f"verb IRI outside a known vocabulary or our own namespace: {verb['id']}")
    obj = s["object"]
    if obj.get("objectType") != "Activity" or not _iri(obj["id"]):
        out.append(f"object: {obj}")
    if not _iri(obj["definition"]["type"]):
        out.append(f"activity type: {obj['definition']}")
    stamp = datetime.fromisoformat(s["timestamp"])
    if stamp.tzinfo is None:
        out.append(f"timestamp without a time zone: {s['timestamp']}")
    if s["version"] != "2.0.0":
        out.append(f"version {s['version']}")
    score = s.get("result", {}).get("score")
    if score is not None:
        if not score["min"] <= score["raw"] <= score["max"]:
            out.append(f"raw outside min..max: {score}")
        if not -1 <= score["scaled"] <= 1:
            out.append(f"scaled outside [-1, 1]: {score}")
    context = s.get("context", {})
    if "registration" in context:
        uuid.UUID(context["registration"])
    for key in context.get("extensions", {}):
        if not _iri(key):
            out.append(f"extension key not an IRI: {key}")
    return out


def test_every_statement_of_a_whole_cohort_is_valid_xapi_2() -> None:
    seed_accounts(password="demo-password-for-tests")
    spec = services.course_spec(course())
    seed_learning()
    # a case study played through, for 'chose' statements
    learner = User.objects.get(email="learner@demo.lantern.test")
    enrolment = services.enrolment_start(user=learner, course=course())
    unit = spec.units["health.case-ae"]
    assert unit.scenario is not None
    run = services.scenario_run_current(enrolment=enrolment, unit=unit)
    node = unit.scenario.nodes[run.node]
    services.scenario_choose(
        enrolment=enrolment, unit=unit, run_id=run.pk, node=node.id, choice=node.choices[0].id
    )

    verbs = set(Statement.objects.values_list("verb", flat=True))
    assert {"launched", "answered", "chose", "completed", "passed", "refreshed"} <= verbs
    found = {str(s.pk): problems(s.payload) for s in Statement.objects.all()}
    assert not {k: v for k, v in found.items() if v}
    people = {e.user.email: e for e in Enrolment.objects.select_related("user")}
    for statement in Statement.objects.all()[:50]:
        text = str(statement.payload)
        assert not any(email in text for email in people), "an email in a statement"


def test_lanterns_own_verb_is_in_its_own_namespace(settings) -> None:
    settings.LEARNING_XAPI_HOMEPAGE = "https://lantern.example.org"
    assert xapi.verb_iri("refreshed") == "https://lantern.example.org/xapi/verbs/refreshed"
    assert xapi.verb_iri("completed") == "http://adlnet.gov/expapi/verbs/completed"
