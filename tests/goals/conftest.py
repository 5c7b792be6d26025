"""The board fixtures (tests/boards/conftest.py): teams, members, history, boards, a fresh standings cache."""

from tests.boards.conftest import (  # noqa: F401  (fixtures)
    _fresh_team_standings,
    _frozen,
    board,
    crm,
    history,
    manager,
    member,
    team,
    visit,
)
