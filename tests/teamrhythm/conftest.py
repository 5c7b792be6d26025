"""The board fixtures: teams, members, history, boards, a fresh standings cache (tests/boards/conftest.py)."""

from tests.boards.conftest import *  # noqa: F403
