"""What the page's main thread did, from a Chromium trace (`bench/web.py --trace DIR`, issue 20).

`summarise(path)` reads a trace Playwright's `browser.start_tracing` wrote and prints the renderer
main thread's tasks from the first navigation on: when each started (ms after the navigation), how
long it ran, and what ran inside it (scripts evaluated, functions called, events dispatched, style,
layout, paint), so that the time between a tap and its painted frame, or between opening the app and
Today on screen, can be read as a list instead of guessed. `python bench/web_trace.py FILE` prints
one file's summary.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

# Trace categories for Playwright's browser.start_tracing: the DevTools timeline and V8's execution.
CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "disabled-by-default-devtools.timeline.frame",
    "v8.execute",
    "blink.user_timing",
    "loading",
    "toplevel",
    "blink",
]

# Events inside a task worth naming, and what of their arguments says which one it was.
INTERESTING = {
    "EvaluateScript": lambda a: a.get("data", {}).get("url", "").rsplit("/", 1)[-1],
    "v8.compile": lambda a: a.get("data", {}).get("url", "").rsplit("/", 1)[-1],
    "v8.compileModule": lambda a: a.get("fileName", "").rsplit("/", 1)[-1],
    "v8.evaluateModule": lambda a: "",
    "FunctionCall": lambda a: (
        (a.get("data", {}).get("functionName") or "(anonymous)")
        + "@"
        + a.get("data", {}).get("url", "").rsplit("/", 1)[-1]
    ),
    "EventDispatch": lambda a: a.get("data", {}).get("type", ""),
    "TimerFire": lambda a: "",
    "FireAnimationFrame": lambda a: "",
    "FireIdleCallback": lambda a: "",
    "UpdateLayoutTree": lambda a: str(a.get("elementCount", a.get("data", {}).get("elementCount", ""))),
    "Layout": lambda a: "",
    "PrePaint": lambda a: "",
    "Paint": lambda a: "",
    "Layerize": lambda a: "",
    "ParseHTML": lambda a: "",
    "ParseAuthorStyleSheet": lambda a: a.get("data", {}).get("styleSheetUrl", "").rsplit("/", 1)[-1],
    "RunMicrotasks": lambda a: "",
    "HitTest": lambda a: "",
    "ScheduleStyleRecalculation": lambda a: "",
    "ResourceReceivedData": lambda a: "",
}


def load(path: Path) -> list[dict]:
    data = json.loads(path.read_text())
    return data["traceEvents"] if isinstance(data, dict) else data


def main_thread(events: list[dict]) -> tuple[int, int] | None:
    """The (pid, tid) of the renderer main thread that ran the page (the one with the most work)."""
    names = {
        (e["pid"], e["tid"]) for e in events if e.get("ph") == "M" and e.get("args", {}).get("name") == "CrRendererMain"
    }
    busy: dict[tuple[int, int], float] = defaultdict(float)
    for e in events:
        key = (e.get("pid"), e.get("tid"))
        if key in names and e.get("ph") == "X":
            busy[key] += e.get("dur", 0)
    return max(busy, key=busy.get) if busy else None


def summarise(path: Path, threshold_ms: float = 2.0, out=sys.stdout) -> None:
    events = load(path)
    thread = main_thread(events)
    if thread is None:
        print(f"{path}: no renderer main thread in the trace", file=out)
        return
    mine = [e for e in events if (e.get("pid"), e.get("tid")) == thread and e.get("ph") == "X"]
    # The page's own navigation (not the blank document a new tab starts with); else the trace's start.
    marks = [
        e["ts"]
        for e in events
        if e.get("name") == "navigationStart" and e.get("args", {}).get("data", {}).get("documentLoaderURL")
    ]
    origin = min(marks, default=min(e["ts"] for e in mine))
    complete = sorted((e for e in mine if e.get("ph") == "X"), key=lambda e: (e["ts"], -e.get("dur", 0)))
    tasks, until = [], 0
    for e in complete:  # top-level tasks only (a task's own RunTask nests inside the scheduler's)
        if e["name"] in ("RunTask", "ThreadControllerImpl::RunTask") and e["ts"] >= until:
            tasks.append(e)
            until = e["ts"] + e.get("dur", 0)
    total = 0.0
    print(f"{path.name}: main thread tasks ≥ {threshold_ms} ms (ms after navigation start; ms long)", file=out)
    for task in tasks:
        dur = task.get("dur", 0) / 1000
        if dur < threshold_ms:
            continue
        total += dur
        start, end = task["ts"], task["ts"] + task.get("dur", 0)
        inside: dict[str, float] = defaultdict(float)
        for e in complete:
            if e["ts"] < start or e["ts"] > end or e is task:
                continue
            name = e["name"]
            if name not in INTERESTING:
                continue
            label = name
            detail = INTERESTING[name](e.get("args", {}))
            if detail:
                label += f"({detail})"
            inside[label] += e.get("dur", 0) / 1000
        parts = sorted(inside.items(), key=lambda kv: -kv[1])[:6]
        said = ", ".join(f"{label} {ms:.1f}" for label, ms in parts)
        print(f"  {(start - origin) / 1000:8.1f} {dur:7.1f}  {said}", file=out)
    print(f"  total in those tasks: {total:.0f} ms", file=out)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        summarise(Path(name))
