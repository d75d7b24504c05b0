"""perf/bench --faults: what a fault row's probes and wrk runs say, whether its goal is met, and the table.

A probe is a dict: t (seconds since the row began), kind ("read": GET of a cached user; "fresh": a search
never asked for before, then again: stored tells whether the second was a HIT; "write": PUT of a user;
"basic": a read with Basic credentials the gateway has not exchanged yet), status (None when no answer came),
cache (X-Cache), seconds (how long the answer took) and, for "fresh", stored.

A goal is a list of criteria, each a tuple:
  ("no_errors",)                 wrk saw no error answer and no socket error
  ("no_stale",)                  the mixed workload counted no stale read
  ("answers", kind, statuses)    every probe of that kind, during the fault and after it, got one of the statuses
  ("fails_with", kind, statuses) every probe of that kind begun and answered during the fault got one of these (a
                                 clear failure; one still on its way when the fault is healed may well succeed)
  ("within", kind, seconds)      every probe of that kind answered within that time (no hang)
  ("recovers", seconds)          the row's recovery check passed within that time after the fault ended
  ("consistent",)                after the fault, the gateways' answers matched user-service's (none stale)
"""
from collections import Counter


def during(probes, start, end, kind=None):
    return [p for p in probes if start <= p["t"] < end and (kind is None or p["kind"] == kind)]


def recovery_seconds(probes, healed_at, recovered):
    """Seconds from healed_at to the first probe at or after it for which recovered(probe); None if none did."""
    for probe in sorted(probes, key=lambda p: p["t"]):
        if probe["t"] >= healed_at and recovered(probe):
            return round(probe["t"] + probe["seconds"] - healed_at, 1)
    return None


def seen(probes):
    """What clients saw, by probe kind: '200 HIT x12, 502 x3' (status, then X-Cache when there was one)."""
    by_kind = {}
    for probe in probes:
        answer = "no answer" if probe["status"] is None else str(probe["status"])
        if probe.get("cache"):
            answer += " " + probe["cache"]
        by_kind.setdefault(probe["kind"], Counter())[answer] += 1
    return "; ".join(f"{kind}: " + ", ".join(f"{answer} x{count}" for answer, count in sorted(counts.items()))
                     for kind, counts in sorted(by_kind.items()))


NOUNS = {"read": "reads", "fresh": "misses", "write": "writes", "basic": "Basic exchanges"}


def describe(goal):
    words = {"no_errors": lambda c: "0 errors", "no_stale": lambda c: "0 stale reads",
             "answers": lambda c: f"{NOUNS[c[1]]} answered {'/'.join(map(str, sorted(c[2])))}",
             "fails_with": lambda c: f"{NOUNS[c[1]]} during the fault {'/'.join(map(str, sorted(c[2])))}",
             "within": lambda c: f"{NOUNS[c[1]]} within {c[2]:g} s",
             "recovers": lambda c: f"recovered within {c[1]:g} s",
             "consistent": lambda c: "no stale entry left"}
    return ", ".join(words[c[0]](c) for c in goal)


def unmet(goal, row):
    """The criteria of goal that row does not meet, each said in words; empty when the goal is met."""
    probes, start, end = row["probes"], row["fault_start"], row["fault_end"]
    missed = []
    for criterion in goal:
        name = criterion[0]
        if name == "no_errors" and row["errors"]:
            missed.append(f"{row['errors']} errors")
        elif name == "no_stale" and row["stale_reads"]:
            missed.append(f"{row['stale_reads']} stale reads")
        elif name == "answers":
            other = [p for p in probes if p["kind"] == criterion[1] and p["t"] >= start
                     and p["status"] not in criterion[2]]
            if other:
                missed.append(f"{len(other)} {NOUNS[criterion[1]]} answered otherwise")
        elif name == "fails_with":
            other = [p for p in during(probes, start, end, criterion[1])
                     if p["t"] + p["seconds"] < end and p["status"] not in criterion[2]]
            if other:
                missed.append(f"{len(other)} {NOUNS[criterion[1]]} during the fault answered otherwise")
        elif name == "within":
            slow = [p for p in probes if p["kind"] == criterion[1] and p["seconds"] > criterion[2]]
            if slow:
                # Said with their answers and whether they came during the fault: a slow answer after it (a
                # service still starting) is not in the column of what clients saw during the fault.
                when = Counter("during" if start <= p["t"] < end else "after" if p["t"] >= end else "before"
                               for p in slow)
                missed.append(f"{len(slow)} {NOUNS[criterion[1]]} slower than {criterion[2]:g} s "
                              f"(slowest {max(p['seconds'] for p in slow):.2f} s; "
                              f"{seen(slow).split(': ', 1)[1]}; "
                              f"{', '.join(f'{count} {moment} the fault' for moment, count in sorted(when.items()))})")
        elif name == "recovers" and (row["recovery_s"] is None or row["recovery_s"] > criterion[1]):
            missed.append("not recovered" if row["recovery_s"] is None else f"recovered in {row['recovery_s']} s")
        elif name == "consistent" and row.get("mismatches"):
            missed.append(f"{row['mismatches']} stale entries after the fault")
    return missed


def table(rows):
    lines = ["| fault | goal | errors | stale reads | time to recover | what clients saw during the fault | met |",
             "| --- | --- | ---: | ---: | ---: | --- | --- |"]
    for row in rows:
        missed = unmet(row["goal"], row)
        recovery = "-" if row["recovery_s"] is None else f"{row['recovery_s']:g} s"
        saw = seen(during(row["probes"], row["fault_start"], row["fault_end"])) or "-"
        met = "yes" if not missed else "**no**: " + "; ".join(missed)
        lines.append(f"| {row['title']} | {describe(row['goal'])} | {row['errors']} | {row['stale_reads']} | "
                     f"{recovery} | {saw} | {met} |")
    return "\n".join(lines)
