"""Domain events. A domain announces what happened; others listen, so domains stay apart
(recognition will award automatic badges on checkin_recorded without rhythm importing it)."""

from blinker import Namespace

_signals = Namespace()

checkin_recorded = _signals.signal("checkin-recorded")
checkin_undone = _signals.signal("checkin-undone")
