"""Reads on the requests that open most (a tap, Today, every session lookup), run on the driver's cursor.

SQLAlchemy's execution machinery (events, execution context, result metadata) costs 50–70 µs a
statement, five to seven times what SQLite takes to answer the tap's read. A `HotRead` keeps what
SQLAlchemy does that matters and skips the rest: the statement is built and compiled by SQLAlchemy
for the connection's dialect, parameters are expanded (IN lists) and converted by SQLAlchemy's own
bind processors (`construct_expanded_state`), and result columns by its own result processors, so
dates, JSON and UTC datetimes come back exactly as from `Connection.execute`. Only reads: writes
keep SQLAlchemy's path, where the SQLite write queue (sqlite_writers) and the request's commit see them.
The engine's `before_cursor_execute` listeners are called as SQLAlchemy calls them (with no execution
context); `echo` logging does not show these reads.
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql import CompoundSelect, Select

from backend.extensions import db


class HotRead:
    """A SELECT (or UNION) compiled once per dialect, run on the session's connection; rows are named tuples."""

    def __init__(self, statement: Select | CompoundSelect):
        self.statement = statement
        columns = list(statement.selected_columns)
        self._keys = [column.key for column in columns]
        self._types = [column.type for column in columns]
        self._row = namedtuple("HotRow", self._keys, rename=True)  # noqa: PYI024 (fields known only at run time)
        self._compiled: dict[tuple[str, str], Any] = {}
        self._result_processors: dict[tuple, list] = {}

    def rows(self, params: dict) -> list:
        session = db.session()
        if session.new or session.dirty or session.deleted:
            session.flush()  # the connection does not autoflush as the session does
        return self.rows_on(session.connection(), params)

    def first(self, params: dict):
        rows = self.rows(params)
        return rows[0] if rows else None

    def rows_on(self, connection: Connection, params: dict) -> list:
        dialect = connection.dialect
        expanded = self._compile(dialect).construct_expanded_state(params)
        values = {
            name: (processor(value) if (processor := expanded.processors.get(name)) else value)
            for name, value in expanded.parameters.items()
        }
        arguments = tuple(values[name] for name in expanded.positiontup) if expanded.positiontup else values
        statement = expanded.statement
        cursor = connection.connection.driver_connection.cursor()
        try:
            # The engine's listeners still see the statement (the SQLite write queue, tests that count
            # statements); each answers the statement and parameters to run, as in SQLAlchemy's own path.
            for listener in connection.dispatch.before_cursor_execute:
                statement, arguments = listener(connection, cursor, statement, arguments, None, False)
            cursor.execute(statement, arguments)
            fetched = cursor.fetchall()
            processors = self._processors(dialect, cursor.description)
        finally:
            cursor.close()
        if not processors:
            return [self._row._make(row) for row in fetched]
        rows = []
        for row in fetched:
            values = list(row)
            for index, process in processors:
                if values[index] is not None:
                    values[index] = process(values[index])
            rows.append(self._row._make(values))
        return rows

    def _compile(self, dialect: Dialect):
        key = (dialect.name, dialect.driver)
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self.statement.compile(dialect=dialect)
        return compiled

    def _processors(self, dialect: Dialect, description) -> list[tuple[int, Any]]:
        """As SQLAlchemy's result metadata: (column, processor) where the type converts what the driver sent."""
        key = (dialect.name, dialect.driver, tuple(column[1] for column in description))
        processors = self._result_processors.get(key)
        if processors is None:
            every = (
                type_.dialect_impl(dialect).result_processor(dialect, column[1])
                for type_, column in zip(self._types, description, strict=True)
            )
            processors = self._result_processors[key] = [(n, p) for n, p in enumerate(every) if p is not None]
        return processors
