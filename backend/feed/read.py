"""The feed's read API: what other domains may know about the feed and notifications.

Nothing yet: no other domain reads the feed. Wins, badges, rhythm, boards and reflections fill it by
signals (feed/receivers.py lists each one), never by writing its tables; what another domain comes to
need goes here, as a documented function.
"""
