"""A small learning record store for tests: a real HTTP server on a free port that takes
statements as an LRS's statement resource does (xAPI 2.0, part three, 2.1): a POST of one
statement or a list, under HTTP Basic, with the version header, answered with the ids.

``answer`` makes it answer something else (503 for an LRS that is down, 302 for one that
redirects); a redirect points at ``/elsewhere``, which answers 200 to anything, as a sign-in page
would, and counts what reaches it."""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Lrs:
    def __init__(self, username: str = "lantern", password: str = "lrs-secret") -> None:
        self.credentials = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
        self.statements: dict[str, dict[str, Any]] = {}
        self.answer: int | None = None  # None: behave; else answer this status
        self.refusals: list[str] = []
        self.elsewhere: list[str] = []  # requests that reached /elsewhere
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.endpoint = self.base + "/xapi/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Lrs:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _take(self, headers: Any, body: bytes) -> tuple[int, Any]:
        if headers.get("Authorization") != self.credentials:
            self.refusals.append("credentials")
            return 401, {"error": "unauthorised"}
        if not str(headers.get("X-Experience-API-Version", "")).startswith("2.0"):
            self.refusals.append("version")
            return 400, {"error": "X-Experience-API-Version 2.0.x required"}
        try:
            posted = json.loads(body)
        except ValueError:
            self.refusals.append("json")
            return 400, {"error": "not JSON"}
        batch = posted if isinstance(posted, list) else [posted]
        for statement in batch:
            if not isinstance(statement, dict) or not statement.get("id"):
                self.refusals.append("id")
                return 400, {"error": "each statement needs an id"}
            known = self.statements.get(statement["id"])
            if known is not None and known != statement:
                self.refusals.append("conflict")
                return 409, {"error": "a different statement has this id"}
        for statement in batch:
            self.statements[statement["id"]] = statement
        return 200, [s["id"] for s in batch]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        lrs = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _elsewhere(self) -> None:
                lrs.elsewhere.append(f"{self.command} {self.headers.get('Authorization', '')}")
                self._send(200, {"page": "sign in"})

            def do_GET(self) -> None:
                if self.path.startswith("/elsewhere"):
                    return self._elsewhere()
                self._send(404, {"error": "not found"})

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.startswith("/elsewhere"):
                    return self._elsewhere()
                if self.path != "/xapi/statements":
                    return self._send(404, {"error": "not found"})
                if lrs.answer is not None:
                    location = {"Location": lrs.base + "/elsewhere"}
                    return self._send(lrs.answer, {"error": "as told"}, location)
                status, answer = lrs._take(self.headers, body)
                self._send(status, answer)

        return Handler
