"""wrk and redis-benchmark: their command lines, and what their output says.

A wrk result is a dict: requests, rps, p50_us, p90_us, p99_us, p999_us, non2xx, socket_errors (and, from
mixed-read-write.lua, stale_reads and checked_reads), printed by perf/wrk/cachegate.lua as one
`CACHEGATE_RESULT {json}` line; the harness adds command (the exact command line) and hit_ratio (from the
gateway's counters). redis-benchmark's CSV is read into the same fields.
"""
import json
import re

from .settings import ROOT

RESULT = re.compile(r"^CACHEGATE_RESULT (\{.*\})$", re.M)
CACHE_REQUESTS = re.compile(r'^cachegate_cache_requests_total\{([^}]*)\} ([0-9.eE+]+)$', re.M)


def command(base_url, script, threads, connections, duration):
    return ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}", "--latency", "--timeout",
            "5s", "-s", str(ROOT / "perf" / "wrk" / script), base_url]


def parse_result(output):
    """The result wrk's script printed; SystemExit with wrk's output when there is none."""
    match = RESULT.search(output)
    if not match:
        raise SystemExit(f"wrk printed no result:\n{output}")
    return json.loads(match.group(1))


def shown_command(env, command):
    """The command line as the report shows it: its environment first, the token elided."""
    return " ".join(f"{k}={v}" for k, v in env.items() if k != "AUTH") + " AUTH=... " + " ".join(command)


def parse_cache_requests(prometheus):
    """The gateway's read counters by cache result (cachegate.cache.requests), from its Prometheus text."""
    counts = {}
    for match in CACHE_REQUESTS.finditer(prometheus):
        result = re.search(r'result="([^"]+)"', match.group(1))
        if result:
            counts[result.group(1)] = counts.get(result.group(1), 0) + float(match.group(2))
    return counts


def hit_ratio(before, after):
    """The share of reads answered from the cache between two readings of the counters; None when unknown."""
    reads = sum(after.values()) - sum(before.values())
    if after and reads > 0:
        return (after.get("hit", 0) - before.get("hit", 0)) / reads
    return None


def redis_benchmark_command(redis_url, requests, connections, size):
    host = re.match(r"redis://([^:/]+):?(\d+)?", redis_url)
    return ["redis-benchmark", "-h", host.group(1), "-p", host.group(2) or "6379", "-t", "get",
            "-n", str(requests), "-c", str(connections), "-d", str(size), "--csv"]


def parse_redis_benchmark(output, command):
    rows = [line.replace('"', "").split(",") for line in output.strip().splitlines()]
    header, values = rows[0], rows[-1]
    data = dict(zip(header, values))
    to_us = lambda name: int(float(data.get(name, "0")) * 1000)
    return {"rps": float(data["rps"]), "p50_us": to_us("p50_latency_ms"), "p90_us": to_us("p95_latency_ms"),
            "p99_us": to_us("p99_latency_ms"), "p999_us": to_us("max_latency_ms"), "non2xx": 0,
            "socket_errors": 0, "command": " ".join(command),
            "note": "redis-benchmark reports p95 (shown as p90) and max (shown as p99.9)"}
