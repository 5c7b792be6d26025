"""The organisation's aggregate lock: writers that move board aggregates take turns, per organisation.

A win moves its author's day, periods and team totals and then each credited colleague's; the fold
moves a batch of people's; an undo, a confirmation, an import's rebuild move theirs. Each statement
locks its rows in key order, but one transaction moving several people in several statements does
not, so two of them could lock shared rows (a team's total, each other's days) in opposite orders:
a deadlock on PostgreSQL (issue 21 item 17). So every such writer takes this lock *first*, before
it writes anything else, and holds it until its transaction ends: one global order (this lock, then
rows), and a writer holding it never waits for another writer. The aggregate functions
(boards/aggregates.py) take it too, as a guard, so nothing moves aggregates without it.

It is PostgreSQL's transaction-level advisory lock on (AGGREGATES, organisation id); taking it again in
the same transaction costs nothing. SQLite lets one writer in at a time: there it is the write lock.
The writers are short (a win, a fold batch of at most 2,000 taps, a few people's rebuild), and taps
never take it (they leave the aggregates to the fold), so waiting for it costs milliseconds.
"""

from __future__ import annotations

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from backend.extensions import db

AGGREGATES = 7401  # first key of the two-key advisory lock (the fold's, as before); the organisation is the second
COUNTS = 7402  # … of a person's recognition counts (badges/automatic.py); the person is the second
_HELD = "advisory_locks"  # session.info: the (key, id) locks this transaction holds
_TAKE = text("SELECT pg_advisory_xact_lock(:key, :second)")
_WRITE_LOCK = text("UPDATE organisation SET name = name WHERE id = :organisation_id")  # no key: no FK checks


def hold_aggregates(organisation_id: int) -> None:
    """Take the organisation's aggregate lock until the transaction ends (waits while another writer has it).

    SQLite has one writer at a time: there the lock is the database's write lock, taken now by a write
    that changes nothing (the writers' queue, sqlite_writers.py, lets it in), so that what the writer
    reads next (is the win confirmed yet?) is what the previous writer left.
    """
    _hold(AGGREGATES, organisation_id)


def hold_counts(user_ids: list[int]) -> None:
    """Take these people's recognition-count locks (in id order) until the transaction ends.

    An automatic badge counts what a person received (applause, credits) and awards at a threshold.
    Counted by transactions running side by side, each sees only its own new row: five colleagues
    applauding at once would each count one and nobody would reach three. With the lock the next
    count waits until the previous one committed, and then sees it. Taken after the aggregate lock
    by whoever holds both.
    """
    for user_id in sorted(set(user_ids)):
        _hold(COUNTS, user_id)


def _hold(key: int, second: int) -> None:
    session = db.session()
    dialect = session.get_bind().dialect.name
    if dialect != "postgresql" and key != AGGREGATES:
        return  # SQLite: counting follows the transaction's first write, which already waited its turn
    held = session.info.setdefault(_HELD, set())
    if (key, second) in held:
        return
    if dialect == "postgresql":
        session.execute(_TAKE, {"key": key, "second": second})
    else:
        session.execute(_WRITE_LOCK, {"organisation_id": second})
    if not session.in_nested_transaction():  # a savepoint rolled back would give it back
        held.add((key, second))


@event.listens_for(Session, "after_transaction_end")
def _forget_held(session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended: PostgreSQL released the lock
        session.info.pop(_HELD, None)
