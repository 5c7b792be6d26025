"""A real OpenID provider for the tests: panva's `oidc-provider` (npm) in a Node process on 127.0.0.1.

`running_provider(redirect_uris)` starts tests/identity/oidc_provider.mjs with a fresh RSA signing key,
Ritme's clients and the test accounts, waits until it listens, and stops it afterwards. `sign_in_at`
walks the provider's own login and consent pages with requests (the browser tests use Chromium).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import requests
from authlib.jose import JsonWebKey

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
START_TIMEOUT = 60  # seconds: Node on a busy 2-core machine

CLIENT_ID, CLIENT_SECRET = "ritme", "ritme-client-secret-for-tests"
OTHER_CLIENT_ID, OTHER_CLIENT_SECRET = "ritme-other-org", "other-org-client-secret"

# sub -> claims. Logging in at the provider with the login `anna` signs in as subject `anna`.
ACCOUNTS = {
    "anna": {"email": "anna@acme.test", "email_verified": True, "name": "Anna de Vries"},
    "bram": {"email": "bram@acme.test", "email_verified": True, "name": "Bram Jansen"},
    "newbie": {"email": "newbie@acme.test", "email_verified": True, "name": "Nina Nieuw"},
    "unverified": {"email": "unverified@acme.test", "email_verified": False, "name": "Udo Onbevestigd"},
    "gone": {"email": "gone@acme.test", "email_verified": True, "name": "Gerrit Weg"},
    "mallory": {"email": "anna@acme.test", "email_verified": True, "name": "Not Anna"},
    "olga": {"email": "olga@other.test", "email_verified": True, "name": "Olga Anders"},
    "crosser": {"email": "cross@other.test", "email_verified": True, "name": "Cross Over"},
    "ines": {"email": "ines@acme.test", "email_verified": True, "name": "Ines Invité"},  # the browser's invitee
}


@dataclass
class RunningProvider:
    issuer: str
    signing_key: dict  # the private JWK the provider signs with (for forging negative-case tokens)
    process: subprocess.Popen
    log: list[str] = field(default_factory=list)

    @property
    def private_key(self):
        return JsonWebKey.import_key(self.signing_key)


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js is needed for the OpenID provider of the tests (make test installs it)")
    return node


@contextlib.contextmanager
def running_provider(redirect_uris: list[str]):
    if not (ROOT / "node_modules" / "oidc-provider").exists():
        raise RuntimeError("npm package oidc-provider missing: run `npm ci` (make deps)")
    key = JsonWebKey.generate_key("RSA", 2048, is_private=True, options={"kid": "ritme-test-1"}).as_dict(
        is_private=True
    )
    key.update(use="sig", alg="RS256")
    client = {"redirect_uris": redirect_uris, "grant_types": ["authorization_code"], "response_types": ["code"]}
    config = {
        "port": 0,
        "keys": [key],
        "clients": [
            {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, **client},
            {"client_id": OTHER_CLIENT_ID, "client_secret": OTHER_CLIENT_SECRET, **client},
        ],
        "accounts": ACCOUNTS,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(config, handle)
    process = subprocess.Popen(
        [_node(), str(SCRIPT), handle.name],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    issuer: list[str] = []
    ready = threading.Event()

    def read_output():
        for line in process.stdout:
            lines.append(line.rstrip())
            if line.startswith("listening "):
                issuer.append(line.split(" ", 1)[1].strip())
                ready.set()
        ready.set()

    threading.Thread(target=read_output, daemon=True).start()
    try:
        if not ready.wait(START_TIMEOUT) or not issuer:
            raise RuntimeError("oidc-provider did not start:\n" + "\n".join(lines))
        _wait_for_discovery(issuer[0])
        yield RunningProvider(issuer=issuer[0], signing_key=key, process=process, log=lines)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        process.stdout.close()
        os.unlink(handle.name)


def _wait_for_discovery(issuer: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            if requests.get(f"{issuer}/.well-known/openid-configuration", timeout=5).ok:
                return
        except requests.RequestException:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.1)


_FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')


def sign_in_at(authorization_url: str, login: str, back_to: str) -> str:
    """Log in at the provider as `login` and consent, as a person would; answers the URL it sends back to."""
    browser = requests.Session()
    url = authorization_url
    for _step in range(12):
        response = browser.get(url, allow_redirects=False, timeout=30)
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            if url.startswith(back_to):
                return url
            continue
        action = _FORM_ACTION.search(response.text)
        assert action, f"no form on the provider's page {url}:\n{response.text[:500]}"
        form = (
            {"prompt": "login", "login": login, "password": "any"}
            if 'name="login"' in response.text
            else {"prompt": "consent"}
        )
        posted = browser.post(urljoin(url, action.group(1)), data=form, allow_redirects=False, timeout=30)
        assert posted.is_redirect, posted.text[:500]
        url = urljoin(url, posted.headers["Location"])
        if url.startswith(back_to):
            return url
    raise AssertionError(f"the provider never sent the browser back to {back_to}")
