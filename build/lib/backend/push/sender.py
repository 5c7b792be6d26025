"""Sending Web Push messages (RFC 8030) with pywebpush's encryption and our own HTTP.

pywebpush's one-call ``webpush()`` has traps we avoid by construction:

* its TTL defaults to 0, so a phone that is offline for a moment never gets the message — every
  send here names a TTL (a reminder: the seconds left in the person's local day);
* it writes ``aud`` into the ``vapid_claims`` dict it is given, so a dict shared between push
  services keeps the first one's audience and the others answer 403 — claims are a fresh dict per
  push-service origin;
* it has no timeout by default (and ``WebPusher.send`` defaults to 10,000 s) — every request here
  has one of at most 10 s;
* it re-parses the keys, re-signs the VAPID JWT and opens a new connection for every message,
  which caps it near 280 messages/s — here keys are parsed once per subscription, a signed VAPID
  header is reused per origin while valid (at most 12 h), and each origin has its own pool of
  kept-alive connections. The pool is urllib3's (what a ``requests.Session`` holds inside): calling
  it directly costs a third of the CPU per request, which is what lets one worker pass 1,000/s.

Redirects are never followed: the endpoint was checked to be a public host, a redirect could point
anywhere (SSRF).
"""

from __future__ import annotations

import base64
import enum
import ipaddress
import logging
import socket
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import urllib3
from py_vapid import Vapid02
from pywebpush import WebPusher
from urllib3.connectionpool import HTTPConnectionPool, connection_from_url

log = logging.getLogger(__name__)

# RFC 8291: one aes128gcm record of 4096 bytes holds at most 3,993 bytes of plaintext.
MAX_PAYLOAD = 3993
MAX_TIMEOUT = 10.0
VAPID_LIFETIME = 12 * 3600  # RFC 8292 allows up to 24 h; push services prefer ≤ 12 h
VAPID_RENEW_BEFORE = 15 * 60  # sign a new header this long before the old one expires
DNS_RECHECK = 600  # seconds an origin's address check holds before it is resolved again
LOOPBACK_HOSTS = {"127.0.0.1", "localhost"}
URGENCIES = ("very-low", "low", "normal", "high")

# A seam for the tests (the sandbox has no DNS); production resolves for real.
resolve = socket.getaddrinfo


class EndpointRefused(ValueError):
    """The endpoint is not a push service Ritme may call; ``code`` names why (an i18n key)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def endpoint_origin(endpoint: str, allow_loopback: bool = False) -> str:
    """scheme://host[:port] of a push endpoint, or EndpointRefused.

    https on a public host only; with ``allow_loopback`` (RITME_PUSH_ALLOW_HTTP_LOOPBACK, for tests
    and local trials) also http(s)://127.0.0.1:… and http(s)://localhost:…, and nothing else.
    """
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        raise EndpointRefused("push_endpoint_invalid") from None
    if not host or parts.username or parts.password or parts.scheme not in ("https", "http"):
        raise EndpointRefused("push_endpoint_invalid")
    netloc = f"{host}:{port}" if port else host
    if ":" in host:  # an IPv6 literal
        netloc = f"[{host}]:{port}" if port else f"[{host}]"
    origin = f"{parts.scheme}://{netloc}"
    if allow_loopback and host in LOOPBACK_HOSTS:
        return origin
    if parts.scheme != "https":
        raise EndpointRefused("push_endpoint_not_https")
    _ensure_public(host, port or 443)
    return origin


def _ensure_public(host: str, port: int) -> None:
    try:
        addresses = {info[4][0] for info in resolve(host, port, type=socket.SOCK_STREAM)}
    except (OSError, UnicodeError):
        raise EndpointRefused("push_endpoint_unresolvable") from None
    if not addresses:
        raise EndpointRefused("push_endpoint_unresolvable")
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        # is_global is False for private, loopback, link-local, shared (100.64/10), reserved…
        if not ip.is_global or ip.is_multicast:
            raise EndpointRefused("push_endpoint_private")


class Outcome(enum.StrEnum):
    SENT = "sent"
    REMOVED = "removed"  # 404/410: the subscription is gone, delete it
    FAILED = "failed"
    PAUSED = "paused"  # the push service kept failing; not tried now


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    status: int | None = None
    attempts: int = 0


@dataclass
class _Origin:
    pool: HTTPConnectionPool
    header: str | None = None
    header_expires: float = 0.0
    checked_until: float = 0.0
    failures: int = 0
    paused_until: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class Timings:
    """CPU seconds per phase (thread time, so waiting on the network or the GIL is not counted)."""

    encrypt: float = 0.0
    vapid: float = 0.0
    http: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, phase: str, seconds: float) -> None:
        with self.lock:
            setattr(self, phase, getattr(self, phase) + seconds)


class PushSender:
    """Sends to any number of push services from any number of threads."""

    def __init__(
        self,
        private_pem: str,
        contact: str,
        *,
        timeout: float = MAX_TIMEOUT,
        max_retries: int = 3,
        backoff: float = 1.0,
        max_wait: float = 60.0,
        pause_after: int = 5,
        pause_for: float = 300.0,
        allow_loopback: bool = False,
        pool_size: int = 32,
        sleep=time.sleep,
        clock=time.monotonic,
    ):
        self.vapid = Vapid02.from_pem(private_pem.encode())
        self.contact = contact
        self.timeout = min(timeout, MAX_TIMEOUT)
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.pause_after = pause_after
        self.pause_for = pause_for
        self.allow_loopback = allow_loopback
        self.pool_size = pool_size
        self.sleep = sleep
        self.clock = clock
        self.timings = Timings()
        self._origins: dict[str, _Origin] = {}
        self._origins_lock = threading.Lock()
        self._pushers: OrderedDict[tuple, WebPusher] = OrderedDict()
        self._pushers_lock = threading.Lock()

    # --- per origin -----------------------------------------------------------------------

    def _origin(self, origin: str) -> _Origin:
        with self._origins_lock:
            state = self._origins.get(origin)
            if state is None:
                # block=True: threads wait for a kept-alive connection instead of opening throwaways.
                pool = connection_from_url(origin, maxsize=self.pool_size, block=True, retries=False)
                state = self._origins[origin] = _Origin(pool=pool)
            return state

    def _authorization(self, origin: str, state: _Origin) -> str:
        now = time.time()
        with state.lock:
            if state.header is None or now > state.header_expires - VAPID_RENEW_BEFORE:
                started = time.thread_time()
                # A fresh dict per origin: py_vapid and pywebpush write into the claims they get.
                claims = {"aud": origin, "sub": self.contact, "exp": int(now) + VAPID_LIFETIME}
                state.header = self.vapid.sign(claims)["Authorization"]
                state.header_expires = claims["exp"]
                self.timings.add("vapid", time.thread_time() - started)
            return state.header

    def _check_address(self, endpoint: str, state: _Origin) -> None:
        """Re-resolve now and then: a host that was public when subscribed may not stay so."""
        if self.clock() < state.checked_until:
            return
        endpoint_origin(endpoint, self.allow_loopback)
        state.checked_until = self.clock() + DNS_RECHECK

    def paused(self, origin: str) -> bool:
        return self.clock() < self._origin(origin).paused_until

    def close(self) -> None:
        with self._origins_lock:
            for state in self._origins.values():
                state.pool.close()
            self._origins.clear()

    # --- one message ----------------------------------------------------------------------

    def _pusher(self, info: dict) -> WebPusher:
        """WebPusher parses and base64-decodes the keys; keep the parsed ones per subscription."""
        key = (info["endpoint"], info["keys"]["p256dh"], info["keys"]["auth"])
        with self._pushers_lock:
            pusher = self._pushers.get(key)
            if pusher is not None:
                self._pushers.move_to_end(key)
                return pusher
        pusher = WebPusher(info)
        with self._pushers_lock:
            self._pushers[key] = pusher
            if len(self._pushers) > 50_000:
                self._pushers.popitem(last=False)
        return pusher

    def send(
        self,
        info: dict,
        payload: bytes,
        *,
        ttl: int,
        urgency: str = "normal",
        topic: str | None = None,
        max_retries: int | None = None,
    ) -> Result:
        """Encrypt and deliver one message to one subscription, with retries; never raises for HTTP."""
        if len(payload) > MAX_PAYLOAD:
            # A bug: payloads are built small (see service.compose). Better to say so than to 413.
            log.error("push payload of %d bytes exceeds %d; not sent", len(payload), MAX_PAYLOAD)
            return Result(Outcome.FAILED)
        if urgency not in URGENCIES:
            raise ValueError(f"urgency must be one of {URGENCIES}")
        endpoint = info["endpoint"]
        try:
            origin = endpoint_origin(endpoint, allow_loopback=True)  # syntax only; address checked below
            state = self._origin(origin)
            self._check_address(endpoint, state)
        except EndpointRefused as refused:
            log.warning("push endpoint refused (%s): %s", refused.code, _redact(endpoint))
            return Result(Outcome.REMOVED)
        if self.clock() < state.paused_until:
            return Result(Outcome.PAUSED)

        started = time.thread_time()
        body = self._pusher(info).encode(payload, "aes128gcm")["body"]
        self.timings.add("encrypt", time.thread_time() - started)
        headers = {
            "Authorization": self._authorization(origin, state),
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
            "TTL": str(max(0, int(ttl))),
            "Urgency": urgency,
        }
        if topic:
            headers["Topic"] = topic

        attempts = 0
        while True:
            attempts += 1
            status, retry_after = self._post(state, endpoint, body, headers)
            if status is not None and 200 <= status < 300:
                state.failures = 0
                return Result(Outcome.SENT, status, attempts)
            if status in (404, 410):
                state.failures = 0
                return Result(Outcome.REMOVED, status, attempts)
            if status in (401, 403):
                log.error(
                    "PUSH SERVICE %s REFUSED OUR VAPID CREDENTIALS (%s): check the VAPID key and "
                    "RITME_VAPID_CONTACT; the subscription is kept",
                    origin,
                    status,
                )
                return Result(Outcome.FAILED, status, attempts)
            if status == 413:
                log.error("push service %s says the payload is too large (%d bytes): a bug", origin, len(payload))
                return Result(Outcome.FAILED, status, attempts)
            retryable = status is None or status == 429 or status >= 500
            if not retryable:
                log.warning("push service %s answered %s; not retried", origin, status)
                return Result(Outcome.FAILED, status, attempts)
            wait = retry_after if retry_after is not None else self.backoff * 2 ** (attempts - 1)
            retries = self.max_retries if max_retries is None else max_retries
            if attempts > retries or wait > self.max_wait:
                self._failed(origin, state, wait if wait > self.max_wait else None)
                log.warning(
                    "push to %s dropped after %d attempts (last answer %s)", origin, attempts, status or "no answer"
                )
                return Result(Outcome.FAILED, status, attempts)
            self.sleep(wait)

    def _post(self, state: _Origin, endpoint: str, body: bytes, headers: dict) -> tuple[int | None, float | None]:
        started = time.thread_time()
        try:
            parts = urlsplit(endpoint)
            target = f"{parts.path or '/'}?{parts.query}" if parts.query else (parts.path or "/")
            response = state.pool.urlopen(
                "POST", target, body=body, headers=headers, timeout=self.timeout, redirect=False, retries=False
            )
            # urlopen reads the (small) body, so the connection is back in the pool already.
            return response.status, _retry_after(response.headers.get("Retry-After"))
        except urllib3.exceptions.HTTPError as error:
            log.info("push request failed: %s", type(error).__name__)
            return None, None
        finally:
            self.timings.add("http", time.thread_time() - started)

    def _failed(self, origin: str, state: _Origin, pause: float | None) -> None:
        """A push service that keeps failing is left alone for a while instead of hammered."""
        state.failures += 1
        if pause is not None or state.failures >= self.pause_after:
            seconds = max(pause or 0.0, self.pause_for)
            state.paused_until = self.clock() + seconds
            state.failures = 0
            log.error("push service %s keeps failing: paused for %d s", origin, seconds)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _redact(endpoint: str) -> str:
    """Endpoints carry a per-device token; the log gets the origin only."""
    parts = urlsplit(endpoint)
    return f"{parts.scheme}://{parts.netloc}/…"


def new_key_pair() -> tuple[str, str]:
    """A fresh VAPID key: (private PEM, base64url public point for applicationServerKey)."""
    from cryptography.hazmat.primitives import serialization

    vapid = Vapid02()
    vapid.generate_keys()
    private_pem = vapid.private_pem().decode()
    point = vapid.public_key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return private_pem, base64.urlsafe_b64encode(point).rstrip(b"=").decode()
