"""The board aggregates that leaderboards, goals and team rhythm read: no routes of its own.

models.py the aggregate tables · aggregates.py keeps them (the only writer) · receivers.py the signals
that move them · standings.py the per-worker standings cache · periods.py calendar periods ·
read.py what the other packages may use · cli.py `flask boards rebuild|settle`.
"""
