"""The statements of the requests that open most (a tap, Today, every session lookup), on the driver's cursor.

SQLAlchemy's execution machinery (events, execution context, result metadata) costs 50–70 µs a
statement, five to seven times what SQLite takes to answer the tap's read. A `HotStatement` keeps
what SQLAlchemy does that matters and skips the rest:
- the statement is built and compiled by SQLAlchemy, once per dialect;
- parameters are expanded (IN lists) and converted by SQLAlchemy's own bind processors
  (`construct_expanded_state`), result columns by its own result processors, so dates, JSON and UTC
  datetimes go in and come back exactly as through `Connection.execute`;
- the engine's `before_cursor_execute` listeners run as SQLAlchemy runs them (with no execution
  context), so the SQLite write queue (sqlite_writers) and statement counters still see every statement;
- a write marks the session as written, so the request's commit ends it (see create_app);
- driver errors become SQLAlchemy's (IntegrityError and so on), as callers expect.
`echo` logging does not show these statements.

The statements themselves live in the `queries.py` of the domains that own them (accounts, rhythm),
which turn the rows into the domains' dataclasses. Parameter expansion and the bind names read
SQLAlchemy's compiler internals (`construct_expanded_state`, `positiontup`, `escaped_bind_names`):
pyproject.toml pins SQLAlchemy to the minor release tests/test_hot_path.py holds this module to.
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any

from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError, InvalidRequestError
from sqlalchemy.sql import CompoundSelect, Insert, Select
from sqlalchemy.sql.compiler import SQLCompiler

from backend.extensions import db


class HotStatement:
    """A SELECT, UNION or INSERT … RETURNING compiled once per dialect, run on the session's connection.

    Rows are named tuples, as SQLAlchemy's rows: by attribute, by index, unpacked.
    """

    def __init__(self, statement: Select | CompoundSelect | Insert):
        self.statement = statement
        self._writes = statement.is_dml
        columns = list(statement.exported_columns)
        self._keys = [column.key for column in columns]
        self._types = [column.type for column in columns]
        self._row = namedtuple("HotRow", self._keys, rename=True)  # noqa: PYI024 (fields known only at run time)
        self._compiled: dict[tuple[str, str], _Prepared] = {}
        self._result_processors: dict[tuple, list] = {}

    def rows(self, params: dict) -> list:
        session = db.session()
        if session.new or session.dirty or session.deleted:
            session.flush()  # the connection does not autoflush as the session does
        if self._writes:
            session.info["wrote"] = True
        return self.rows_on(session.connection(), params)

    def first(self, params: dict):
        rows = self.rows(params)
        return rows[0] if rows else None

    def rows_on(self, connection: Connection, params: dict) -> list:
        dialect = connection.dialect
        prepared = self._prepare(dialect)
        statement, arguments = prepared.arguments(params)
        cursor = connection.connection.driver_connection.cursor()
        try:
            # The engine's listeners still see the statement (the SQLite write queue, tests that count
            # statements); each answers the statement and parameters to run, as in SQLAlchemy's own path.
            for listener in connection.dispatch.before_cursor_execute:
                statement, arguments = listener(connection, cursor, statement, arguments, None, False)
            try:
                cursor.execute(statement, arguments)
            except dialect.loaded_dbapi.Error as error:
                base = dialect.loaded_dbapi.Error
                raise DBAPIError.instance(statement, arguments, error, base, dialect=dialect) from error
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
                values[index] = process(values[index])
            rows.append(self._row._make(values))
        return rows

    def _prepare(self, dialect: Dialect) -> _Prepared:
        key = (dialect.name, dialect.driver)
        prepared = self._compiled.get(key)
        if prepared is None:
            prepared = self._compiled[key] = _Prepared(self.statement.compile(dialect=dialect), dialect)
        return prepared

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


class _Prepared:
    """A statement compiled for one dialect, with each parameter's bind processor (as SQLAlchemy's own)."""

    def __init__(self, compiled: SQLCompiler, dialect: Dialect):
        binds = compiled.binds
        if compiled.escaped_bind_names or any(bind.callable for bind in binds.values()):
            raise ValueError("hot statements take plain parameter names and no computed values")
        self.compiled = compiled
        self.processors = {
            name: processor
            for name, bind in binds.items()
            if (processor := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None
        }
        # Without IN lists the SQL is final: the parameters go in compiled order, with no expansion step.
        self.expands = bool(compiled.post_compile_params or compiled.literal_execute_params)
        self.positional = compiled.positiontup is not None
        self.names = list(compiled.positiontup) if self.positional else list(binds)
        self.literals = {name: bind.effective_value for name, bind in binds.items() if not bind.required}

    def arguments(self, params: dict) -> tuple[str, tuple | dict]:
        """The SQL and the driver's parameters for `params`."""
        if self.expands:
            expanded = self.compiled.construct_expanded_state(params)
            # The expanded state carries the processors of the IN lists' elements only.
            processors = {**self.processors, **expanded.processors}
            names, values = expanded.positiontup or list(expanded.parameters), expanded.parameters
            statement = expanded.statement
        else:
            processors, names, statement = self.processors, self.names, self.compiled.string
            missing = [name for name in names if name not in params and name not in self.literals]
            if missing:
                raise InvalidRequestError(f"A value is required for bind parameter {missing[0]!r}")
            values = {**self.literals, **params}
        processed = [processor(values[name]) if (processor := processors.get(name)) else values[name] for name in names]
        return statement, tuple(processed) if self.positional else dict(zip(names, processed, strict=True))
