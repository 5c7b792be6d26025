"""A local RFC 8030 push service for tests and the benchmark.

An HTTP server on 127.0.0.1 that does what a browser vendor's push service does with a message:
checks the VAPID JWT (RFC 8292: ES256 signature against the ``k=`` key, which must be the
application server key the subscription was made with; ``aud`` is this service's origin; ``exp``
within 24 h; ``sub`` a mailto: or https: contact), requires a TTL, and decrypts the aes128gcm
payload (RFC 8291) with the subscription's private key, which only this service and the test hold.
Tests then assert on the real plaintext.

Answers can be scripted per subscription: ``answer(device, 429, retry_after="1")``, 404, 410, 500…
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Device:
    """One browser subscription: the keys the browser would keep."""

    token: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    application_server_key: str | None
    endpoint: str
    gone: bool = False

    def info(self) -> dict:
        point = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64url(point), "auth": b64url(self.auth)}}


@dataclass
class Received:
    token: str
    headers: dict
    plaintext: bytes

    @property
    def json(self) -> dict:
        return json.loads(self.plaintext)


@dataclass
class Refusal:
    token: str
    status: int
    reason: str


@dataclass
class _Script:
    answers: list = field(default_factory=list)


class PushService:
    def __init__(self, delay: float = 0.0, verify: bool = True, decrypt: bool = True, host: str = "127.0.0.1"):
        self.delay = delay
        self.verify = verify
        self.decrypt = decrypt
        self.devices: dict[str, Device] = {}
        self.received: list[Received] = []
        self.refused: list[Refusal] = []
        self.requests = 0
        self._scripts: dict[str, _Script] = {}
        self._lock = threading.Lock()
        self._server = _Server((host, 0), _handler(self))
        self.origin = f"http://{host}:{self._server.server_address[1]}"
        self._thread: threading.Thread | None = None

    # --- life -----------------------------------------------------------------------------

    def start(self) -> PushService:
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *_exc):
        self.stop()

    # --- what a browser would do ----------------------------------------------------------

    def subscribe(self, application_server_key: str | None) -> Device:
        """A new subscription bound to the server's VAPID public key, like PushManager.subscribe()."""
        token = b64url(os.urandom(18))
        device = Device(
            token=token,
            private_key=ec.generate_private_key(ec.SECP256R1()),
            auth=os.urandom(16),
            application_server_key=application_server_key,
            endpoint=f"{self.origin}/push/{token}",
        )
        with self._lock:
            self.devices[token] = device
        return device

    def unsubscribe(self, device: Device) -> None:
        """The browser dropped it: the service now answers 410 Gone."""
        device.gone = True

    def answer(self, device: Device, *statuses: int, retry_after: str | None = None) -> None:
        """Answer the next requests for this device with these statuses (then normally again)."""
        with self._lock:
            script = self._scripts.setdefault(device.token, _Script())
            script.answers.extend((status, retry_after) for status in statuses)

    def messages_for(self, device: Device) -> list[Received]:
        return [r for r in self.received if r.token == device.token]

    # --- the HTTP side --------------------------------------------------------------------

    def _scripted(self, token: str):
        with self._lock:
            script = self._scripts.get(token)
            if script and script.answers:
                return script.answers.pop(0)
        return None

    def handle(self, token: str, headers: dict, body: bytes) -> tuple[int, dict]:
        with self._lock:
            self.requests += 1
        if self.delay:
            time.sleep(self.delay)
        scripted = self._scripted(token)
        if scripted is not None:
            status, retry_after = scripted
            return status, ({"Retry-After": retry_after} if retry_after else {})
        device = self.devices.get(token)
        if device is None:
            return 404, {}
        if device.gone:
            return 410, {}
        if "ttl" not in headers:
            return self._refuse(token, 400, "TTL header missing")
        if self.verify:
            problem = self._check_vapid(device, headers.get("authorization", ""))
            if problem:
                return self._refuse(token, 403 if "key" in problem else 401, problem)
        if headers.get("content-encoding") != "aes128gcm":
            return self._refuse(token, 415, "only aes128gcm")
        plaintext = b""
        if self.decrypt:
            try:
                plaintext = http_ece.decrypt(
                    body, private_key=device.private_key, auth_secret=device.auth, version="aes128gcm"
                )
            except Exception as error:  # noqa: BLE001  (any decryption failure is a 400)
                return self._refuse(token, 400, f"cannot decrypt: {error}")
        with self._lock:
            self.received.append(Received(token, headers, plaintext))
        return 201, {"Location": f"{self.origin}/message/{len(self.received)}"}

    def _refuse(self, token: str, status: int, reason: str) -> tuple[int, dict]:
        with self._lock:
            self.refused.append(Refusal(token, status, reason))
        return status, {}

    def _check_vapid(self, device: Device, authorization: str) -> str | None:
        scheme, _, params = authorization.partition(" ")
        if scheme.lower() != "vapid":
            return "no vapid authorization"
        values = dict(part.strip().split("=", 1) for part in params.split(",") if "=" in part)
        token, key = values.get("t", ""), values.get("k", "")
        if device.application_server_key and key != device.application_server_key:
            return "vapid key differs from the subscription's application server key"
        try:
            header_b64, claims_b64, signature_b64 = token.split(".")
            public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(key))
            raw = unb64url(signature_b64)
            signature = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
            public_key.verify(signature, f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
            header = json.loads(unb64url(header_b64))
            claims = json.loads(unb64url(claims_b64))
        except (ValueError, InvalidSignature):
            return "bad vapid signature"
        if header.get("alg") != "ES256":
            return "vapid alg must be ES256"
        if claims.get("aud") != self.origin:
            return f"vapid aud {claims.get('aud')!r} is not {self.origin}"
        now = time.time()
        if not (now < claims.get("exp", 0) <= now + 24 * 3600):
            return "vapid exp outside (now, now + 24 h]"
        if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
            return "vapid sub must be mailto: or https:"
        return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # hundreds of senders connecting at once must not be reset


def _handler(service: PushService):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real push services

        def do_POST(self):  # noqa: N802 (http.server's name)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            token = self.path.rsplit("/", 1)[-1] if self.path.startswith("/push/") else ""
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, extra = service.handle(token, headers, body)
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args):
            pass

    return Handler
