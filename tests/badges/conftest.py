"""Badge fixtures: the recognition world and a badge of its catalogue (tests/wins/conftest.py)."""

from tests.wins.conftest import make_badge, world  # noqa: F401
