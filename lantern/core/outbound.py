"""Calls Lantern makes to other services over HTTP (an LMS, a learning record store).

Every call is made to the address given and no other: a redirect is returned as the answer, not
followed. Following one would send the request's credentials to wherever it points, and would
turn a POST into a GET whose 200 looks like success, so that the sender believes a delivery that
never happened. Answers are capped in size and every call times out."""

from __future__ import annotations

import ipaddress
import urllib.error
import urllib.request
from typing import Any

MAX_RESPONSE_BYTES = 256 * 1024
TIMEOUT_SECONDS = 10


def local_host(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def public_ip(address: str) -> bool:
    """An address on the public internet: not private, loopback, link-local, shared, reserved
    or multicast. Lantern calls an organisation's LMS only there (or this machine, in tests and
    the demo), so a registered address cannot point it at a service inside its own network."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    return ip.is_global and not ip.is_multicast


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def call(
    method: str, url: str, *, headers: dict[str, str], body: bytes | None = None
) -> tuple[int, bytes]:
    """The status and (at most MAX_RESPONSE_BYTES of) the body. A 3xx, 4xx or 5xx answer is
    returned, not raised; a network failure raises OSError."""
    request = urllib.request.Request(url, data=body, method=method, headers=headers)  # noqa: S310
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return int(response.status), response.read(MAX_RESPONSE_BYTES)
    except urllib.error.HTTPError as error:
        return int(error.code), error.read(MAX_RESPONSE_BYTES)
