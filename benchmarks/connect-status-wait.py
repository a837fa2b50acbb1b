#!/usr/bin/env python3
"""Waits until a Connect cluster's status meets a condition; used by compare-failover.sh (run, not imported).

Polls GET <url>/connectors?expand=status every --interval seconds (fixed rate, from --t0) until
  * exactly --connectors connectors exist, each with exactly --tasks tasks,
  * every connector and every task is RUNNING,
  * none of them runs on a worker id in --exclude (a killed worker, whose last status stays RUNNING in the status
    topic until another worker takes the work over),
  * with --workers W: the tasks run on exactly W workers and are balanced (task counts differ by at most one).
Prints the seconds from --t0 (a time.monotonic() reading taken just before the measured event) to the first poll
that saw the condition, 3 decimals, or ">CAP" once --cap seconds passed without it. With --note-up URL2, each poll
also tries GET URL2/ until it first answers, and a second figure follows: the seconds from --t0 to that answer (-1 if
it never came), e.g. a joining worker's start-up. With --progress FILE, the last poll's summary (or error) is kept in
FILE. Exit code 0 either way; 2 on bad arguments.
"""

import argparse
import collections
import json
import sys
import time
import urllib.request


def summary(status, connectors, tasks, exclude):
    """Returns (met_without_balance, per_worker_task_counts, text) for one GET /connectors?expand=status answer."""
    per_worker = collections.Counter()
    running = 0
    wrong = []
    for name, entry in status.items():
        st = entry.get("status", {})
        conn = st.get("connector", {})
        if conn.get("state") != "RUNNING" or conn.get("worker_id") in exclude:
            wrong.append(f"{name}:{conn.get('state')}@{conn.get('worker_id')}")
        task_list = st.get("tasks", [])
        if len(task_list) != tasks:
            wrong.append(f"{name}:{len(task_list)} tasks")
        for t in task_list:
            if t.get("state") == "RUNNING" and t.get("worker_id") not in exclude:
                running += 1
                per_worker[t.get("worker_id")] += 1
    ok = len(status) == connectors and not wrong and running == connectors * tasks
    text = (f"{len(status)} connectors, {running}/{connectors * tasks} tasks RUNNING on live workers, "
            f"per worker {dict(sorted(per_worker.items()))}, not yet: {wrong[:3]}{'...' if len(wrong) > 3 else ''}")
    return ok, per_worker, text


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("url")
    p.add_argument("--connectors", type=int, required=True)
    p.add_argument("--tasks", type=int, required=True, help="tasks per connector")
    p.add_argument("--exclude", action="append", default=[], help="a dead worker's id (repeatable)")
    p.add_argument("--workers", type=int, help="the tasks must be balanced over exactly this many workers")
    p.add_argument("--t0", type=float, help="time.monotonic() of the measured event; default: now")
    p.add_argument("--cap", type=float, required=True)
    p.add_argument("--interval", type=float, default=0.1)
    p.add_argument("--note-up")
    p.add_argument("--progress")
    a = p.parse_args()
    t0 = a.t0 if a.t0 is not None else time.monotonic()
    exclude = set(a.exclude)
    n = 0
    up = None
    while True:
        n += 1
        if a.note_up and up is None:
            try:
                with urllib.request.urlopen(a.note_up.rstrip("/") + "/", timeout=5):
                    up = time.monotonic() - t0
            except (OSError, ValueError):  # not up yet
                pass
        try:
            with urllib.request.urlopen(a.url.rstrip("/") + "/connectors?expand=status", timeout=5) as r:
                status = json.load(r)
            seen = time.monotonic()
            ok, per_worker, text = summary(status, a.connectors, a.tasks, exclude)
            if ok and a.workers is not None:
                counts = list(per_worker.values())
                ok = len(counts) == a.workers and max(counts) - min(counts) <= 1
        except (OSError, ValueError) as e:  # not up yet, refused during a rebalance, or a half-written answer
            seen = time.monotonic()
            ok, text = False, f"poll failed: {e}"
        if a.progress:
            with open(a.progress, "w") as f:
                f.write(f"{seen - t0:.3f}s poll {n}: {text}\n")
        up_text = "" if not a.note_up else f" {up:.3f}" if up is not None else " -1"
        if ok:
            print(f"{seen - t0:.3f}{up_text}")
            return 0
        if seen - t0 >= a.cap:
            print(f">{a.cap:g}{up_text}")
            return 0
        # Fixed rate from t0: a slow answer does not push the later polls back.
        next_poll = t0 + a.interval * (int((seen - t0) / a.interval) + 1)
        time.sleep(max(0.0, next_poll - time.monotonic()))


if __name__ == "__main__":
    sys.exit(main())
