"""Fan-out of reminders to 10,000 push subscriptions (issue 6): messages per second, and where the
sender's CPU goes — encryption (RFC 8291), VAPID signing (RFC 8292) and HTTP.

One command: `.venv/bin/python bench/push.py`. It starts the local push service of the tests
(tests/push/push_service.py) in a process of its own, answering each message after 50 ms as a real
push service does, and — like the tests — checking every VAPID JWT and decrypting every payload
with the subscription's private key, so nothing is counted that a browser could not read. Then:

1. **Ritme's sender** (backend/push/sender.py) sends one reminder to each of 10,000
   subscriptions from a pool of threads: keys parsed once per subscription, one signed VAPID header
   per push-service origin reused while valid, kept-alive connections per origin.
2. **pywebpush's one-call `webpush()`** sends 1,000 with the same threads, for comparison: it
   re-parses keys, re-signs and opens a new connection for every message.

Target: ≥ 1,000 messages/s on this machine's two cores. Exit status 1 when any message was not
accepted and decrypted by the push service (a rate under target is a result, not an error).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REMINDER = "Nog 2 van je 5 gedragingen voor vandaag — je reeks van 12 dagen loopt door als je ze afrondt."
TARGET = 1000.0


def _serve(conn, count: int, delay: float, check: bool) -> None:
    """The push service's process: make the subscriptions, serve, report what it accepted."""
    from tests.push.push_service import PushService

    service = PushService(delay=delay, verify=check, decrypt=check).start()
    public_key = conn.recv()
    conn.send([service.subscribe(public_key).info() for _ in range(count)])
    while True:
        command = conn.recv()
        if command == "stats":
            bodies = {r.plaintext for r in service.received}
            conn.send((service.requests, len(service.received), len(service.refused), bodies))
        elif command == "stop":
            service.stop()
            return


def _payload() -> bytes:
    from backend.push.service import Notification

    return Notification("reminder", "Je ritme voor vandaag", REMINDER, ttl=27000, topic="ritme-reminder").payload()


def run_ritme(infos: list[dict], private_pem: str, concurrency: int) -> dict:
    from backend.push.sender import Outcome, PushSender

    sender = PushSender(
        private_pem, "mailto:bench@ritme.example", allow_loopback=True, pool_size=concurrency, max_retries=0
    )
    payload = _payload()
    cpu, started = time.process_time(), time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = list(
            pool.map(
                lambda info: sender.send(info, payload, ttl=27000, urgency="normal", topic="ritme-reminder"), infos
            )
        )
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    sender.close()
    timings = sender.timings
    return {
        "sent": sum(r.outcome == Outcome.SENT for r in results),
        "elapsed": elapsed,
        "cpu": cpu,
        "encrypt": timings.encrypt,
        "vapid": timings.vapid,
        "http": timings.http,
    }


def run_webpush(infos: list[dict], private_pem: str, concurrency: int) -> dict:
    from py_vapid import Vapid02
    from pywebpush import webpush

    vapid = Vapid02.from_pem(private_pem.encode())
    payload = _payload()

    def one(info):
        # A fresh claims dict per call: webpush() writes the audience into the one it gets.
        try:
            response = webpush(
                info,
                payload,
                vapid_private_key=vapid,
                vapid_claims={"sub": "mailto:bench@ritme.example"},
                ttl=27000,
                timeout=10,
            )
        except Exception:  # noqa: BLE001  (a refused connection counts as not sent)
            return False
        return 200 <= response.status_code < 300

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        sent = sum(pool.map(one, infos))
    return {"sent": sent, "elapsed": time.perf_counter() - started}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--compare", type=int, default=1_000, help="messages for pywebpush's webpush() (0: skip)")
    parser.add_argument("--concurrency", type=int, default=128, help="sending threads (and connections)")
    parser.add_argument("--delay", type=float, default=0.05, help="push service answer time, seconds")
    parser.add_argument("--no-check", action="store_true", help="push service skips VAPID check and decryption")
    args = parser.parse_args()

    from backend.push.sender import new_key_pair

    private_pem, public_key = new_key_pair()
    here, there = multiprocessing.Pipe()
    total = args.messages + args.compare
    service = multiprocessing.Process(target=_serve, args=(there, total, args.delay, not args.no_check), daemon=True)
    service.start()
    here.send(public_key)
    print(f"Making {total:,} subscriptions at the local push service …", flush=True)
    infos = here.recv()

    print(
        f"Ritme's sender: {args.messages:,} reminders, {args.concurrency} threads, push service answers after "
        f"{args.delay * 1000:.0f} ms …",
        flush=True,
    )
    ours = run_ritme(infos[: args.messages], private_pem, args.concurrency)
    theirs = run_webpush(infos[args.messages :], private_pem, args.concurrency) if args.compare else None
    here.send("stats")
    requests, accepted, refused, bodies = here.recv()
    here.send("stop")
    service.join(timeout=10)

    rate = ours["sent"] / ours["elapsed"]
    phases = ours["encrypt"] + ours["vapid"] + ours["http"]
    print()
    print(f"{'sender':<28}{'messages':>10}{'seconds':>9}{'msg/s':>9}")
    print(
        f"{'Ritme (PushSender)':<28}{ours['sent']:>10,}{ours['elapsed']:>9.2f}{rate:>9.0f}"
        f"   target ≥ {TARGET:,.0f}: {'PASS' if rate >= TARGET else 'FAIL'}"
    )
    if theirs:
        their_rate = theirs["sent"] / theirs["elapsed"]
        print(
            f"{'pywebpush webpush()':<28}{theirs['sent']:>10,}{theirs['elapsed']:>9.2f}{their_rate:>9.0f}"
            f"   Ritme is {rate / their_rate:.1f}× faster"
        )
    print()
    each = ours["cpu"] / max(1, ours["sent"]) * 1e6
    print(f"Sender CPU: {ours['cpu']:.2f} s for {ours['sent']:,} messages ({each:.0f} µs each)")
    for name, label in (("encrypt", "encryption (aes128gcm, ECDH)"), ("vapid", "VAPID signing"), ("http", "HTTP")):
        print(f"  {label:<30}{ours[name] / ours['cpu'] * 100:>5.1f} %")
    print(f"  {'other (threads, Python)':<30}{max(0.0, ours['cpu'] - phases) / ours['cpu'] * 100:>5.1f} %")
    print(f"  VAPID headers signed: {'once per origin' if ours['vapid'] < 0.01 else 'more than once'}")
    print()
    expected = args.messages + (theirs["sent"] if theirs else 0)
    if args.no_check:
        print(f"Push service: {requests:,} requests, {accepted:,} accepted (VAPID check and decryption off)")
        readable = True
    else:
        readable = bodies == {_payload()}
        print(
            f"Push service: {requests:,} requests, {accepted:,} VAPID-checked and decrypted to the reminder, "
            f"{refused} refused" + ("" if readable else "  — SOME PAYLOADS DID NOT DECRYPT TO THE REMINDER")
        )
    ok = ours["sent"] == args.messages and accepted == expected and refused == 0 and readable
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
