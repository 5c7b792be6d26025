"""The board fixtures: teams, members, behaviours, a frozen clock (tests/boards/conftest.py)."""

from tests.boards.conftest import *  # noqa: F403
