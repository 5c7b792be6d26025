"""Push's read API: what other domains may use of push.

Other domains read push only through this module. The address check that keeps push subscriptions
SSRF-safe is push's own (sender.endpoint_origin); outbound webhooks (integrations) call the very same
check here rather than keeping a second copy.
"""

from __future__ import annotations

from backend.push import sender

UrlRefused = sender.EndpointRefused  # .code: push_endpoint_invalid | _not_https | _unresolvable | _private


def public_origin(url: str, allow_loopback: bool = False) -> str:
    """scheme://host[:port] of a URL Ritme may call, or UrlRefused: https on a public host only (every
    address the name resolves to is global); with allow_loopback also http(s)://127.0.0.1 and localhost."""
    return sender.endpoint_origin(url, allow_loopback)
