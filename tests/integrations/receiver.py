"""A webhook receiver on 127.0.0.1 for tests: verifies every delivery with the reference
``standardwebhooks`` library and answers what it is told.

``Receiver(secrets=[...])`` verifies with each secret it knows (a receiver that has switched to a new
secret, or not yet); a request that no known secret verifies is answered 401 and kept in ``refused``.
``script(500, 429, 410…)`` queues the next answers (200 after them); ``retry_after`` goes with 429s.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    verified_with: str | None
    answered: int

    @property
    def json(self):
        return json.loads(self.body)

    @property
    def message_id(self) -> str:
        return self.headers["webhook-id"]


@dataclass
class Receiver:
    secrets: list[str] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    refused: list[Received] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)
    retry_after: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                headers = {k.lower(): v for k, v in self.headers.items()}
                receiver.handle(self, headers, body)

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def script(self, *statuses: int) -> None:
        with self.lock:
            self.answers.extend(statuses)

    def handle(self, handler, headers: dict[str, str], body: bytes) -> None:
        verified_with = None
        for secret in self.secrets:
            try:
                Webhook(secret).verify(body, headers)
            except WebhookVerificationError:
                continue
            verified_with = secret
            break
        with self.lock:
            if verified_with is None:
                status = 401
            else:
                status = self.answers.pop(0) if self.answers else 200
            item = Received(handler.path, headers, body, verified_with, status)
            (self.received if verified_with else self.refused).append(item)
        handler.send_response(status)
        if status == 429 and self.retry_after:
            handler.send_header("Retry-After", self.retry_after)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
