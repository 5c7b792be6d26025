"""The standings cache: ordered board data kept per web worker for RITME_BOARD_CACHE_SECONDS.

After CTFd's get_standings: data, never a page rendered for one person. Writes do not clear it: with
thousands of people checking in, a board would be cold after every tap. Instead the viewer's own row
is read fresh on every request (leaderboards/service.py, `_with_my_row`), so one's own check-in shows
at once; everyone else's within the cache's lifetime. `clear_standings` is the one way to drop an
organisation's entries: a rebuild, a deactivation and a changed opt-in call it. 0 turns the cache off.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict

from backend import signals
from backend.accounts.models import User

CACHE_SECONDS = float(os.environ.get("RITME_BOARD_CACHE_SECONDS", "15"))
CACHE_ENTRIES = 64
_cache: OrderedDict[tuple, tuple[float, int, object]] = OrderedDict()
# A worker serves requests in several threads (backend/serving.py): reordering, evicting and clearing
# must not meet halfway.
_lock = threading.Lock()


def cached(key: tuple):
    """The value kept under `key`, or None when there is none or it expired."""
    with _lock:
        entry = _cache.get(key)
        if entry is None or entry[0] <= time.monotonic():
            return None
        _cache.move_to_end(key)
        return entry[2]


def remember(key: tuple, organisation_id: int, value, keep_expiry: bool = False) -> None:
    """Keep `value` for the cache's lifetime (`keep_expiry`: replace it without extending that)."""
    if CACHE_SECONDS <= 0:
        return
    with _lock:
        kept = _cache.get(key)
        expires = kept[0] if keep_expiry and kept is not None else time.monotonic() + CACHE_SECONDS
        _cache[key] = (expires, organisation_id, value)
        while len(_cache) > CACHE_ENTRIES:
            _cache.popitem(last=False)


def clear_standings(organisation_id: int) -> None:
    """Forget everything kept for an organisation."""
    with _lock:
        for key in [k for k, entry in _cache.items() if entry[1] == organisation_id]:
            del _cache[key]


@signals.person_deactivated.connect
def _on_deactivated(person: User, **_kwargs) -> None:
    clear_standings(person.organisation_id)
