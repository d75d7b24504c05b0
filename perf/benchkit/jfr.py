"""What a JFR recording of the gateway says: where a hit's time goes, and what it allocates."""
import json
import os
import shutil
from pathlib import Path

from .shell import run


def events(recording, event):
    """The recording's events of one type (jfr print --json); None when the tool gives nothing readable."""
    jfr = shutil.which("jfr") or str(Path(os.environ.get("JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64"), "bin", "jfr"))
    output = run([jfr, "print", "--json", "--events", event, str(recording)], capture=True, check=False).stdout
    try:
        return json.loads(output)["recording"]["events"]
    except (ValueError, KeyError):
        return None


def allocation_per_request(recording, requests):
    """Bytes the gateway's threads allocated during the recording (JFR jdk.ThreadAllocationStatistics: each thread's
    running total, sampled; the growth of each thread's total is what it allocated meanwhile), per request served."""
    found = events(recording, "jdk.ThreadAllocationStatistics")
    return None if found is None else allocation(found, requests)


def allocation(found, requests):
    totals = {}
    for event in found:
        thread = event["values"].get("thread") or {}
        allocated = event["values"]["allocated"]
        low, high = totals.get(thread.get("javaThreadId"), (allocated, allocated))
        totals[thread.get("javaThreadId")] = (min(low, allocated), max(high, allocated))
    allocated = sum(high - low for low, high in totals.values())
    return {"bytes": allocated, "requests": requests, "per_request": allocated / max(requests, 1)}


def hot_methods(recording, top=15):
    found = events(recording, "jdk.ExecutionSample")
    return [] if found is None else methods(found, top)


def methods(found, top=15):
    """The top-of-stack methods and the innermost Cachegate frames of execution samples, as shares of them."""
    tops, packages = {}, {}
    for event in found:
        frames = event["values"]["stackTrace"]["frames"]
        if not frames:
            continue
        method = frames[0]["method"]
        name = f"{method['type']['name']}.{method['name']}"
        tops[name] = tops.get(name, 0) + 1
        for frame in frames:
            type_name = frame["method"]["type"]["name"]
            if type_name.startswith("io.cachegate"):
                key = f"{type_name}.{frame['method']['name']}"
                packages[key] = packages.get(key, 0) + 1
                break
    total = max(len(found), 1)
    return {"samples": len(found),
            "top": [(name, count * 100 / total) for name, count in sorted(tops.items(), key=lambda x: -x[1])[:top]],
            "cachegate": [(name, count * 100 / total)
                          for name, count in sorted(packages.items(), key=lambda x: -x[1])[:top]]}
