"""Customer voice fixtures: the recognition world (two sales teams, finance, managers, an admin, a stranger)."""

from tests.wins.conftest import world  # noqa: F401  (the same small organisation)
