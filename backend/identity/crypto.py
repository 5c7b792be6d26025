"""The client secret at rest: Fernet (AES-128-CBC + HMAC-SHA256, from `cryptography`) with a key derived
from the app's SECRET_KEY by HKDF. Rotating SECRET_KEY means entering the client secret again."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


def _fernet() -> Fernet:
    secret = current_app.config["SECRET_KEY"]
    secret = secret.encode() if isinstance(secret, str) else secret
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"ritme identity client secret").derive(secret)
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(plain: str) -> bytes:
    return _fernet().encrypt(plain.encode())


def decrypt(token: bytes) -> str | None:
    """The secret, or None when it was encrypted under another SECRET_KEY."""
    try:
        return _fernet().decrypt(bytes(token)).decode()
    except InvalidToken:
        return None
