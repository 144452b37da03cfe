"""cmi5, the xAPI profile by which a learning management system (LMS) launches content: here
Lantern's courses are the assignable unit (AU) and the LMS keeps its own record of them.

Pure: reading and checking a launch, the statements Lantern sends, and the course structure
(``cmi5.xml``) an LMS imports. No database and no network: ``services/cmi5.py`` does those.
The rules are those of the cmi5 specification (Quartz), sections 8 to 10 and 13 to 14:
https://github.com/AICC/CMI-5_Spec_Current/blob/quartz/cmi5_spec.md
"""

from __future__ import annotations

import copy
import ipaddress
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from lantern.core.outbound import local_host, public_ip

XAPI_VERSION = "1.0.3"  # cmi5 is a profile of xAPI 1.0.x
CATEGORY_CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
CATEGORY_MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon"
EXTENSION_SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
EXTENSION_MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
STATE_ID = "LMS.LaunchData"
VERBS: dict[str, str] = {
    "initialized": "http://adlnet.gov/expapi/verbs/initialized",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "terminated": "http://adlnet.gov/expapi/verbs/terminated",
}
# Statements whose result has success or completion carry the moveOn category (9.6.2.2).
MOVEON_VERBS = ("completed", "passed", "failed")
LAUNCH_MODES = ("Normal", "Browse", "Review")
MOVE_ON = ("Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed", "NotApplicable")
COURSE_STRUCTURE_NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
LAUNCH_PARAMETERS = ("endpoint", "fetch", "actor", "registration", "activityId")
# Lantern's own query parameter on the AU's URL; cmi5 says it must not collide with the above.
PATHWAY_PARAMETER = "pathway"
# The address domain of the accounts that stand for LMS learners: reserved, so never delivered.
LEARNER_EMAIL_DOMAIN = "lms.invalid"
FETCH_ERRORS = {
    "1": "the LMS had already given out this launch's token, or the launch had expired",
    "2": "the LMS refused the launch for security reasons",
    "3": "the LMS had a problem of its own",
}


class LaunchError(ValueError):
    """Why a launch cannot go on, in words safe to show the learner (never a parameter value)."""


@dataclass(frozen=True)
class Launch:
    endpoint: str
    fetch: str
    actor: dict[str, Any]
    registration: uuid.UUID
    activity_id: str

    @property
    def account(self) -> tuple[str, str]:
        account = self.actor["account"]
        return str(account["homePage"]), str(account["name"])

    @property
    def actor_name(self) -> str:
        name = self.actor.get("name")
        return name.strip()[:150] if isinstance(name, str) else ""


@dataclass(frozen=True)
class LaunchData:
    context_template: dict[str, Any]
    launch_mode: str
    mastery_score: Decimal | None
    return_url: str


def records_completion(launch_mode: str) -> bool:
    """Only a Normal launch reports completion; Browse and Review send no "completed",
    "passed" or "failed" (cmi5 section 10, launchMode)."""
    return launch_mode == "Normal"


def _is_iri(value: str) -> bool:
    parts = urlsplit(value)
    return bool(parts.scheme) and bool(parts.netloc or parts.path) and " " not in value


def parse_launch(query: Mapping[str, str]) -> Launch:
    """The five launch parameters (section 8.1), each checked."""
    missing = [name for name in LAUNCH_PARAMETERS if not query.get(name)]
    if missing:
        raise LaunchError("the launch address is missing " + ", ".join(missing))
    try:
        actor = json.loads(query["actor"])
    except ValueError:
        raise LaunchError("the learner (actor) is not valid JSON") from None
    account = actor.get("account") if isinstance(actor, dict) else None
    if (
        not isinstance(account, dict)
        or not isinstance(account.get("homePage"), str)
        or not isinstance(account.get("name"), str)
        or not account["name"].strip()
        or not _is_iri(account["homePage"])
    ):
        raise LaunchError("the learner (actor) must be an Agent with an account")
    if actor.get("objectType", "Agent") != "Agent":
        raise LaunchError("the learner (actor) must be an Agent with an account")
    if len(account["homePage"]) > 300 or len(account["name"]) > 200:
        raise LaunchError("the learner's account is too long")
    try:
        registration = uuid.UUID(query["registration"])
    except ValueError:
        raise LaunchError("the registration is not a UUID") from None
    activity_id = query["activityId"]
    if not _is_iri(activity_id) or len(activity_id) > 500:
        raise LaunchError("the activity id is not an IRI")
    if len(query["endpoint"]) > 300 or len(query["fetch"]) > 2000:
        raise LaunchError("the LMS's addresses are too long")
    return Launch(
        endpoint=query["endpoint"],
        fetch=query["fetch"],
        actor=actor,
        registration=registration,
        activity_id=activity_id,
    )


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    default = {"https": 443, "http": 80}.get(parts.scheme)
    return parts.scheme, (parts.hostname or ""), port if port not in (None, default) else None


def local_name(host: str) -> bool:
    """This machine: a loopback address, ``localhost``, or a name under ``.localhost``, which
    RFC 6761 (section 6.3) reserves for loopback."""
    name = host.rstrip(".").lower()
    return local_host(name) or name.endswith(".localhost")


def literal_host_allowed(host: str, *, allow_local_http: bool) -> bool:
    """A host given as an IP address (or ``localhost``, or a name under ``.localhost``) must be
    public, or local where allowed. Another name is checked where it is called, once resolved."""
    if local_name(host):
        return allow_local_http
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return True  # a name: resolved and checked at each call
    return public_ip(host)


def address_allowed(url: str, *, allow_local_http: bool) -> bool:
    """An address Lantern may call: https, or plain http to this machine where allowed (tests
    and development only), never with credentials in it."""
    parts = urlsplit(url)
    if parts.username or parts.password or not parts.hostname:
        return False
    if not literal_host_allowed(parts.hostname, allow_local_http=allow_local_http):
        return False
    if parts.scheme == "https":
        return True
    return parts.scheme == "http" and allow_local_http and local_name(parts.hostname)


def under(url: str, base: str) -> bool:
    """``url`` is on ``base``'s origin and at or below its path."""
    if origin(url) != origin(base):
        return False
    path, base_path = urlsplit(url).path, urlsplit(base).path
    return path.startswith(base_path.rstrip("/") + "/") or path == base_path.rstrip("/")


def launch_check(launch: Launch, *, registered_endpoint: str, allow_local_http: bool) -> None:
    """The launch came from the LMS registered: its endpoint is under the registered one and its
    fetch address is on the same site, so the token is asked of that LMS and no other."""
    for name, url in (("endpoint", launch.endpoint), ("fetch", launch.fetch)):
        if not address_allowed(url, allow_local_http=allow_local_http):
            raise LaunchError(f"the {name} address is not one Lantern may use")
    if not under(launch.endpoint, registered_endpoint):
        raise LaunchError("the launch came from an address this LMS was not registered with")
    if origin(launch.fetch) != origin(registered_endpoint):
        raise LaunchError("the token address is not on the registered LMS's site")


def parse_fetch_response(body: bytes) -> str:
    """The auth-token of a fetch response (section 8.2), or the LMS's error as a LaunchError."""
    try:
        data = json.loads(body)
    except ValueError:
        raise LaunchError("the LMS's token answer was not JSON") from None
    if not isinstance(data, dict):
        raise LaunchError("the LMS's token answer was not a JSON object")
    if "error-code" in data:
        reason = FETCH_ERRORS.get(str(data["error-code"]), "the LMS refused the launch")
        raise LaunchError(reason)
    token = data.get("auth-token")
    if not isinstance(token, str) or not token or len(token) > 2000:
        raise LaunchError("the LMS's token answer had no token")
    return token


def parse_launch_data(body: bytes) -> LaunchData:
    """The LMS.LaunchData state document (section 10)."""
    try:
        data = json.loads(body)
    except ValueError:
        raise LaunchError("the LMS's launch data was not JSON") from None
    if not isinstance(data, dict):
        raise LaunchError("the LMS's launch data was not a JSON object")
    template = data.get("contextTemplate")
    if not isinstance(template, dict) or not isinstance(template.get("extensions"), dict):
        raise LaunchError("the LMS's launch data has no context template")
    if not template["extensions"].get(EXTENSION_SESSION):
        raise LaunchError("the LMS's launch data has no session id")
    mode = data.get("launchMode")
    if mode not in LAUNCH_MODES:
        raise LaunchError("the LMS's launch mode is not Normal, Browse or Review")
    if data.get("moveOn") not in MOVE_ON:  # required of the LMS; Lantern reports regardless
        raise LaunchError("the LMS's moveOn value is not one cmi5 defines")
    mastery: Decimal | None = None
    if data.get("masteryScore") is not None:
        try:
            mastery = Decimal(str(data["masteryScore"]))
        except InvalidOperation:
            raise LaunchError("the LMS's mastery score is not a number") from None
        if not Decimal(0) <= mastery <= Decimal(1):
            raise LaunchError("the LMS's mastery score is not between 0 and 1")
    return_url = data.get("returnURL") or ""
    if not isinstance(return_url, str) or (
        return_url and urlsplit(return_url).scheme not in {"https", "http"}
    ):
        raise LaunchError("the LMS's return address is not a web address")
    if len(return_url) > 1000:
        raise LaunchError("the LMS's return address is too long")
    return LaunchData(
        context_template=template,
        launch_mode=mode,
        mastery_score=mastery,
        return_url=return_url,
    )


def iso_duration(seconds: float) -> str:
    return f"PT{max(0.0, seconds):.2f}S"


@dataclass(frozen=True)
class Judgement:
    """A passed or failed, with the score it rests on (section 9.5.1)."""

    verb: str
    scaled: Decimal
    raw: int
    maximum: int
    mastery: Decimal | None  # the LMS's masteryScore, when it gave one


def judge(*, raw: int, maximum: int, mastery: Decimal | None, default: Decimal) -> Judgement:
    """Passed when the scaled score reaches the LMS's masteryScore (Lantern's own pass mark if
    it gave none). The scaled score is cut, not rounded, to 4 places, so a "passed" never
    carries a score under the mastery score it was judged by."""
    scaled = Decimal(raw) / Decimal(maximum) if maximum else Decimal(0)
    scaled = scaled.quantize(Decimal("0.0001"), rounding=ROUND_DOWN)
    verb = "passed" if scaled >= (mastery if mastery is not None else default) else "failed"
    return Judgement(verb=verb, scaled=scaled, raw=raw, maximum=maximum, mastery=mastery)


def statement(
    *,
    verb: str,
    actor: dict[str, Any],
    activity_id: str,
    registration: uuid.UUID,
    context_template: dict[str, Any],
    timestamp: datetime,
    statement_id: uuid.UUID,
    duration_seconds: float | None = None,
    judgement: Judgement | None = None,
) -> dict[str, Any]:
    """A "cmi5 defined" statement (section 9): the LMS's actor and activity id, its context
    template kept whole, the cmi5 category, and the result each verb requires."""
    context = copy.deepcopy(context_template)
    context["registration"] = str(registration)
    activities = context.setdefault("contextActivities", {})
    categories = [c for c in activities.get("category", []) if isinstance(c, dict)]
    wanted = [CATEGORY_CMI5] + ([CATEGORY_MOVEON] if verb in MOVEON_VERBS else [])
    for category in wanted:
        if not any(c.get("id") == category for c in categories):
            categories.append({"objectType": "Activity", "id": category})
    activities["category"] = categories
    result: dict[str, Any] = {}
    if verb == "completed":
        result["completion"] = True
    if verb in {"passed", "failed"}:
        if judgement is None or judgement.verb != verb:
            raise ValueError(f"a {verb} statement needs the judgement it reports")
        result["success"] = verb == "passed"
        result["score"] = {
            "scaled": float(judgement.scaled),
            "raw": judgement.raw,
            "min": 0,
            "max": judgement.maximum,
        }
        if judgement.mastery is not None:
            context.setdefault("extensions", {})[EXTENSION_MASTERY] = float(judgement.mastery)
    if duration_seconds is not None and verb in {*MOVEON_VERBS, "terminated"}:
        result["duration"] = iso_duration(duration_seconds)
    built: dict[str, Any] = {
        "id": str(statement_id),
        "actor": actor,
        "verb": {"id": VERBS[verb], "display": {"en-GB": verb}},
        "object": {"objectType": "Activity", "id": activity_id},
        "context": context,
        "timestamp": timestamp.isoformat().replace("+00:00", "Z"),
    }
    if result:
        built["result"] = result
    return built


@dataclass(frozen=True)
class StructureCourse:
    iri: str
    title: str
    description: str
    au_iri: str
    au_title: str
    au_description: str
    url: str
    mastery_score: Decimal  # Lantern's pass mark, scaled (0.8)


def course_structure(course: StructureCourse) -> bytes:
    """cmi5.xml (section 13): one course, one AU that is the whole course in Lantern.

    - moveOn is "Completed": the LMS counts the course done when the learner finishes it, as
      Lantern does when it issues the certificate, whatever the final check's score. Lantern
      also sends "passed" or "failed"; an LMS admin who wants a pass as well sets moveOn to
      "CompletedAndPassed" in the LMS.
    - masteryScore is Lantern's pass mark, so the LMS hands it back at launch (section 10) and
      shows its admin the mark a "passed" is judged by; a mark the admin sets instead is the
      one Lantern judges by.
    - It opens in its own window, because Lantern's pages refuse to be framed and its session
      cookie is first-party."""
    ET.register_namespace("", COURSE_STRUCTURE_NS)

    def element(parent: ET.Element, tag: str, **attrs: str) -> ET.Element:
        return ET.SubElement(parent, f"{{{COURSE_STRUCTURE_NS}}}{tag}", attrs)

    def langstring(parent: ET.Element, tag: str, text: str) -> None:
        holder = element(parent, tag)
        element(holder, "langstring", lang="en-GB").text = text

    root = ET.Element(f"{{{COURSE_STRUCTURE_NS}}}courseStructure")
    course_el = element(root, "course", id=course.iri)
    langstring(course_el, "title", course.title)
    langstring(course_el, "description", course.description)
    au = element(
        root,
        "au",
        id=course.au_iri,
        moveOn="Completed",
        masteryScore=format(course.mastery_score.normalize(), "f"),
        launchMethod="OwnWindow",
    )
    langstring(au, "title", course.au_title)
    langstring(au, "description", course.au_description)
    element(au, "url").text = course.url
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
