"""A small learning management system that launches content by cmi5, for tests and browser
journeys: a real HTTP server on a free port, written to the LMS side of the cmi5 specification
(sections 8 to 10), not to Lantern's code.

It hands out a one-time fetch address per launch, answers the LMS.LaunchData state document to
the token it gave, and keeps the statements it is sent, refusing any that break cmi5's rules
(the LMS "SHOULD reject statements that conflict", section 6.3): the wrong actor, activity,
registration or session, a first statement that is not "initialized", anything after
"terminated", a second "completed" in a registration, a defined statement without the cmi5
category. Its return page lists what it received, so a browser journey can see it.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon"
SESSION_EXTENSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
MASTERY_EXTENSION = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
PUBLISHER_GROUPING = "https://lms.example.test/publisher/lantern-awareness"
DEFINED = {
    "http://adlnet.gov/expapi/verbs/initialized": "initialized",
    "http://adlnet.gov/expapi/verbs/completed": "completed",
    "http://adlnet.gov/expapi/verbs/passed": "passed",
    "http://adlnet.gov/expapi/verbs/failed": "failed",
    "http://adlnet.gov/expapi/verbs/terminated": "terminated",
}


@dataclass
class LmsLaunch:
    actor: dict[str, Any]
    registration: str
    activity_id: str
    session_id: str
    token: str
    launch_data: dict[str, Any]
    fetched: bool = False
    statements: list[dict[str, Any]] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)

    @property
    def verbs(self) -> list[str]:
        return [DEFINED.get(s["verb"]["id"], s["verb"]["id"]) for s in self.statements]


class CmiLms:
    """Start with ``with CmiLms() as lms:``; ``lms.launch_url(au_url)`` gives the address the
    LMS would open. ``down = True`` makes its statement API answer 503, and ``delay`` slows it."""

    def __init__(self, name: str = "Test LMS", port: int = 0) -> None:
        self.name = name
        self.launches: dict[str, LmsLaunch] = {}  # by fetch key
        self.down = False
        self.delay = 0.0  # seconds its statement API takes to answer
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.endpoint = self.base + "/xapi/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> CmiLms:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- what an LMS does before it opens the AU ---------------------------------------------

    def launch_url(
        self,
        au_url: str,
        *,
        learner: str = "learner-1625378",
        name: str | None = None,
        registration: str | None = None,
        launch_mode: str = "Normal",
        return_url: str | None = "default",
        endpoint: str | None = None,
        fetch: str | None = None,
        mastery: float | None = None,
    ) -> str:
        actor: dict[str, Any] = {
            "objectType": "Agent",
            "account": {"homePage": "https://lms.example.test", "name": learner},
        }
        if name:
            actor["name"] = name
        registration = registration or str(uuid.uuid4())
        key, session_id, token = uuid.uuid4().hex, str(uuid.uuid4()), uuid.uuid4().hex
        activity_id = "https://lms.example.test/activities/au/" + registration[:8]
        launch_data: dict[str, Any] = {
            "contextTemplate": {
                "contextActivities": {"grouping": [{"id": PUBLISHER_GROUPING}]},
                "extensions": {SESSION_EXTENSION: session_id},
            },
            "launchMode": launch_mode,
            "moveOn": "Completed",
        }
        if mastery is not None:
            launch_data["masteryScore"] = mastery
        if return_url:
            launch_data["returnURL"] = (
                self.base + f"/return/{key}" if return_url == "default" else return_url
            )
        with self._lock:
            self.launches[key] = LmsLaunch(
                actor, registration, activity_id, session_id, token, launch_data
            )
        query = {
            "endpoint": endpoint or self.endpoint,
            "fetch": fetch or f"{self.base}/fetch/{key}",
            "actor": json.dumps(actor),
            "registration": registration,
            "activityId": activity_id,
        }
        separator = "&" if "?" in au_url else "?"
        return au_url + separator + urlencode(query)

    def only(self) -> LmsLaunch:
        (launch,) = self.launches.values()
        return launch

    def in_registration(self, registration: str) -> list[LmsLaunch]:
        return [x for x in self.launches.values() if x.registration == registration]

    # --- the HTTP side ---------------------------------------------------------------------

    def _by_token(self, header: str | None) -> LmsLaunch | None:
        if not header or not header.startswith("Basic "):
            return None
        token = header.removeprefix("Basic ")
        return next((x for x in self.launches.values() if x.token == token and x.fetched), None)

    def _check(self, launch: LmsLaunch, statement: dict[str, Any]) -> str | None:
        """Why cmi5 says this statement must be refused, or None."""
        verb = DEFINED.get(statement.get("verb", {}).get("id", ""))
        context = statement.get("context", {})
        seen = launch.verbs
        if statement.get("actor") != launch.actor:
            return "actor is not the launch's actor"
        if context.get("registration") != launch.registration:
            return "registration differs"
        if context.get("extensions", {}).get(SESSION_EXTENSION) != launch.session_id:
            return "session id missing or wrong"
        grouping = [a.get("id") for a in context.get("contextActivities", {}).get("grouping", [])]
        if PUBLISHER_GROUPING not in grouping:
            return "context template's grouping was not kept"
        if "terminated" in seen:
            return "statement after terminated"
        if not seen and verb != "initialized":
            return "first statement is not initialized"
        if verb is None:
            return None  # cmi5 allowed
        if statement.get("object", {}).get("id") != launch.activity_id:
            return "object is not the launch's activity"
        categories = [a.get("id") for a in context.get("contextActivities", {}).get("category", [])]
        if CMI5_CATEGORY not in categories:
            return "cmi5 category missing"
        if verb in seen:
            return f"{verb} twice in a session"
        if verb == "completed":
            others = self.in_registration(launch.registration)
            if any("completed" in other.verbs for other in others):
                return "completed twice in a registration"
            result = statement.get("result", {})
            if result.get("completion") is not True or "duration" not in result:
                return "completed needs completion true and a duration"
            if MOVEON_CATEGORY not in categories:
                return "completed needs the moveOn category"
        if verb in {"passed", "failed"}:
            reason = self._check_judged(launch, statement, verb, categories)
            if reason:
                return reason
        if verb == "terminated" and "duration" not in statement.get("result", {}):
            return "terminated needs a duration"
        if verb == "initialized" and "result" in statement:
            return "initialized takes no result"
        return None

    def _check_judged(
        self, launch: LmsLaunch, statement: dict[str, Any], verb: str, categories: list[Any]
    ) -> str | None:
        """Sections 9.3.4, 9.3.5, 9.5 and 9.6.3.2 for "passed" and "failed"."""
        if {"passed", "failed"} & set(launch.verbs):
            return "passed or failed twice in a session"
        judged = [v for x in self.in_registration(launch.registration) for v in x.verbs]
        if "passed" in judged:
            return f"{verb} after passed in a registration"
        result = statement.get("result", {})
        if result.get("success") is not (verb == "passed") or "duration" not in result:
            return f"{verb} needs success {verb == 'passed'} and a duration"
        if MOVEON_CATEGORY not in categories:
            return f"{verb} needs the moveOn category"
        mastery = launch.launch_data.get("masteryScore")
        if mastery is not None:
            extensions = statement.get("context", {}).get("extensions", {})
            if extensions.get(MASTERY_EXTENSION) != mastery:
                return "the mastery score it was judged by is missing"
            scaled = result.get("score", {}).get("scaled")
            if scaled is not None and (scaled >= mastery) is not (verb == "passed"):
                return f"{verb} with a score on the wrong side of the mastery score"
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        lms = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                return

            def _send(self, status: int, body: Any, content_type: str = "application/json") -> None:
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                path = urlsplit(self.path).path
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                if path.startswith("/fetch/"):
                    with lms._lock:
                        launch = lms.launches.get(path.removeprefix("/fetch/"))
                        if launch is None:
                            self._send(200, {"error-code": "2", "error-text": "Unknown launch"})
                        elif launch.fetched:
                            self._send(200, {"error-code": "1", "error-text": "Already used"})
                        else:
                            launch.fetched = True
                            self._send(200, {"auth-token": launch.token})
                    return
                if path == "/xapi/statements":
                    time.sleep(lms.delay)
                    if lms.down:
                        self._send(503, {"error": "down for maintenance"})
                        return
                    with lms._lock:
                        launch = lms._by_token(self.headers.get("Authorization"))
                        if launch is None:
                            self._send(401, {"error": "bad token"})
                            return
                        if self.headers.get("X-Experience-API-Version", "")[:4] not in {
                            "1.0.",
                            "2.0.",
                        }:
                            self._send(400, {"error": "no xAPI version header"})
                            return
                        statements = json.loads(body)
                        before = len(launch.statements)
                        for statement in statements:  # all or nothing, checked in order
                            reason = lms._check(launch, statement)
                            if reason:
                                del launch.statements[before:]
                                launch.refusals.append(reason)
                                self._send(400, {"error": reason})
                                return
                            launch.statements.append(statement)
                        accepted = launch.statements[before:]
                        self._send(200, [s["id"] for s in accepted])
                    return
                self._send(404, {"error": "not found"})

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path == "/xapi/activities/state":
                    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                    with lms._lock:
                        launch = lms._by_token(self.headers.get("Authorization"))
                    if launch is None:
                        self._send(401, {"error": "bad token"})
                    elif (
                        query.get("stateId") != "LMS.LaunchData"
                        or query.get("activityId") != launch.activity_id
                        or query.get("registration") != launch.registration
                        or json.loads(query.get("agent", "{}")) != launch.actor
                    ):
                        self._send(404, {"error": "no such state"})
                    else:
                        self._send(200, launch.launch_data)
                    return
                if parts.path.startswith("/return/"):
                    launch = lms.launches.get(parts.path.removeprefix("/return/"))
                    received = ", ".join(launch.verbs) if launch else "nothing"
                    page = (
                        '<!DOCTYPE html><html lang="en"><head><title>Test LMS</title>'
                        '<link rel="icon" href="data:,"></head>'
                        f"<body><main><h1>Back in {lms.name}</h1>"
                        f"<p>Statements received: {received}</p></main></body></html>"
                    )
                    self._send(200, page.encode(), "text/html; charset=utf-8")
                    return
                self._send(404, {"error": "not found"})

        return Handler
