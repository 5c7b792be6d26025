"""Leaderboards' read API: the organisation's visibility preset, for what other domains show outside a board.

Other domains read leaderboards only through this module.
"""

from __future__ import annotations

from backend.accounts.models import Organisation, User, Visibility


def public_name(organisation: Organisation, person: User | None) -> str | None:
    """A person's name where everyone of the organisation (and a channel's readers) sees it, or None.

    The same rule as a people board read by a rep: open shows names; teams first only of those who
    opted in ("show my name on the leaderboard"); private shows no one's name.
    """
    if person is None or not person.active:
        return None
    if organisation.visibility == Visibility.OPEN:
        return person.name
    if organisation.visibility == Visibility.TEAMS_FIRST and person.board_opt_in:
        return person.name
    return None
