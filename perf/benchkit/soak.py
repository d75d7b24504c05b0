"""perf/bench --soak [--duration 10m]: the mixed read/write workload held at about 70% of the measured maximum
through two gateways for the whole duration, one row a minute, with an idle period and a Redis restart in the
middle; and the warm-up, as the time to 90% of peak hit throughput after a start and after the idle period.

The stack is the fault matrix's own (benchkit.faults.FaultBench: logs in perf/out/faults/): a redis-server the
bench starts on a free port (so restarting it touches nobody else's),
auth-service, user-service and two gateways started here; PostgreSQL's database is cachegate_soak. The order:

  1. warm-up after a start: the hot ids (the HOT_IDS most frequent of the workload) primed through the second
     gateway, then the hit workload (read-by-id.lua on those ids, every request a hit) through the first, freshly
     started one, in slices of --soak-slice seconds for --soak-warmup seconds;
  2. the maximum: the workload's ids read for 20 s through the second gateway (so the cache is warm, as in the
     minutes), then the mixed workload (mixed-read-write.lua, 95% reads, 5% writes) through both gateways, closed
     loop; then a per-connection pause (wrk's delay()) calibrated so both together run at --soak-load of it;
  3. the first half of the minutes; the idle period (--soak-idle seconds without a request); warm-up after it
     (the hot ids primed again through the second gateway, then the hit workload through the first, from its
     first request); the second half of the minutes, the Redis restart (SHUTDOWN NOSAVE, started again) 20 s into
     its middle minute; last, the hit workload once more through the first gateway, long warm by then: the peak
     the warm-up curves are measured against is its median slice.

The warm-up curves measure hits only: user-service's answers live 10 minutes in this stack (faults.USERS_CACHE_CONTROL)
and the hot ids are primed just before each curve, so no slice is slowed by entries that expired (after 5 idle
minutes, entries of a 60-second lifetime would all be misses: that is the cache refilling, not the gateway warming).

Each gateway's wrk gets its own half of the ids (id % 4 in {0, 1} or {2, 3}), so each one's stale-read check (a
read older than its own acknowledged write) never sees the other gateway's writes. After each minute: old
generation heap after GC (jvm_gc_live_data_size_bytes) and open files (sockets included, process_files_open_files)
of each gateway, Redis used_memory and connected_clients. Writes perf/out/soak.md, perf/out/soak.svg and
perf/out/soak.json, and the soak's section of performance.md (with performance-soak.svg beside it), which full
runs keep; fails when a minute has an error or a stale read.
"""
import json
import os
import re
import shutil
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from . import wrk
from .cluster import replace_section
from .faults import FAULT_OUT, FaultBench
from .settings import OUT, ROOT
from .shell import http, log, run

# The ids the warm-up curves read: the most frequent of the workload, few enough to prime in seconds.
HOT_IDS = 2000
PROMETHEUS_VALUE = r'^{name}(?:\{{[^}}]*\}})? ([0-9.eE+-]+)$'

# The soak's section of performance.md (and its chart beside it), which a full run keeps.
HEADING = "## Soak"
CHART = "performance-soak.svg"


def seconds_of(text):
    """'10m', '90s', '90' or '1h' in seconds."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*", str(text))
    if not match:
        raise SystemExit(f"not a duration: {text!r} (say 90s, 10m or 1h)")
    return float(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def prometheus_sum(text, name):
    """The sum of every series of one metric in Prometheus' text format; None when it is not there."""
    values = [float(v) for v in re.findall(PROMETHEUS_VALUE.format(name=re.escape(name)), text, re.M)]
    return sum(values) if values else None


def redis_field(info, field):
    match = re.search(rf"^{field}:(\d+)", info, re.M)
    return int(match.group(1)) if match else None


def time_to_fraction(slices, peak, fraction=0.9):
    """Seconds from the first request to the end of the first slice whose throughput reached fraction x peak;
    None when none did. slices: [(seconds since the first request at the slice's end, requests/s), ...]."""
    for end, rps in slices:
        if rps >= fraction * peak:
            return end
    return None


def pause_ms(target_rps, connections, latency_ms):
    """wrk's per-connection pause that makes `connections` closed-loop connections send target_rps together,
    each request taking latency_ms: every connection sends one request per (latency + pause)."""
    period_ms = 1000.0 * connections / target_rps
    return max(0, round(period_ms - latency_ms))


def restart_minute(minutes):
    """The minute (0-based) in which Redis is restarted: the middle of the second half."""
    first_half = minutes // 2
    return first_half + (minutes - first_half) // 2


def row_failures(rows):
    found = []
    for row in rows:
        if row["errors"]:
            found.append(f"minute {row['minute']}: {row['errors']} errors")
        if row["stale_reads"]:
            found.append(f"minute {row['minute']}: {row['stale_reads']} stale reads")
    return found


def mb(value):
    return "-" if value is None else f"{value / 1e6:.1f}"


def table(rows):
    lines = ["| minute | what happened | requests/s | p50 ms | p99 ms | errors | stale reads | reads checked | "
             "old gen after GC MB (g1 / g2) | Redis used MB | Redis clients | open files (g1 / g2) |",
             "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        heap = " / ".join(mb(v) for v in row["old_gen"])
        files = " / ".join("-" if v is None else f"{v:.0f}" for v in row["open_files"])
        lines.append(f"| {row['minute']} | {row['event'] or '-'} | {row['rps']:,.0f} | {row['p50_us'] / 1000:.2f} | "
                     f"{row['p99_us'] / 1000:.2f} | {row['errors']} | {row['stale_reads']} | {row['checked_reads']:,} | "
                     f"{heap} | {mb(row['redis_used'])} | {row['redis_clients'] if row['redis_clients'] is not None else '-'} | "
                     f"{files} |")
    return "\n".join(lines)


def warmup_lines(name, slices, peak):
    reached = time_to_fraction(slices, peak)
    curve = ", ".join(f"{end:g} s: {rps:,.0f}" for end, rps in slices)
    said = (f"not reached in {slices[-1][0]:g} s" if slices else "not measured") if reached is None \
        else f"reached after {reached:g} s"
    return [f"- **{name}**: 90% of peak ({0.9 * peak:,.0f} requests/s) {said}. Requests/s by slice end: {curve}."]


def svg_chart(rows, path):
    """Requests/s and p99 by minute, as two lines; the minute with the Redis restart and the one after the idle
    period marked."""
    width, height, left, top, bottom = 760, 300, 60, 30, 40
    plot_w, plot_h = width - left - 70, height - top - bottom
    minutes = [row["minute"] for row in rows] or [1]
    top_rps = max([row["rps"] for row in rows] + [1]) * 1.15
    top_p99 = max([row["p99_us"] / 1000 for row in rows] + [1]) * 1.15
    x = lambda m: left + (plot_w * (m - minutes[0]) / max(1, minutes[-1] - minutes[0]))
    y = lambda value, top_value: top + plot_h - plot_h * value / top_value
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" '
             'font-size="12">',
             f'<text x="10" y="18" font-weight="bold">Soak: requests/s (blue, left) and p99 ms (red, right) by '
             'minute</text>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#333"/>']
    for row in rows:
        if row["event"]:
            parts.append(f'<line x1="{x(row["minute"]):.0f}" y1="{top}" x2="{x(row["minute"]):.0f}" '
                         f'y2="{top + plot_h}" stroke="#bbb" stroke-dasharray="4"/>')
            # Labels of the right half end at their line, so they stay inside the chart.
            right = x(row["minute"]) > left + plot_w / 2
            anchor = ' text-anchor="end"' if right else ""
            parts.append(f'<text x="{x(row["minute"]) + (-3 if right else 3):.0f}" y="{top + 12}" fill="#666"'
                         f'{anchor}>{row["event"]}</text>')
        parts.append(f'<text x="{x(row["minute"]) - 4:.0f}" y="{top + plot_h + 16}">{row["minute"]}</text>')
    for key, top_value, colour in (("rps", top_rps, "#2b7bb9"), ("p99", top_p99, "#c0392b")):
        values = [row["rps"] if key == "rps" else row["p99_us"] / 1000 for row in rows]
        points = " ".join(f"{x(row['minute']):.0f},{y(v, top_value):.0f}" for row, v in zip(rows, values))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
    parts.append(f'<text x="{left - 50}" y="{top + 4}" fill="#2b7bb9">{top_rps:,.0f}</text>')
    parts.append(f'<text x="{left + plot_w + 6}" y="{top + 4}" fill="#c0392b">{top_p99:.1f} ms</text>')
    parts.append(f'<text x="{left + plot_w / 2 - 20:.0f}" y="{height - 6}">minute</text>')
    parts.append("</svg>")
    path.write_text("\n".join(parts))


class Soak:

    def __init__(self, args):
        self.args = args
        self.stack = FaultBench(args, database="cachegate_soak")
        self.rows = []
        self.notes = []

    # ---- wrk ---------------------------------------------------------------------------------------------------

    def wrk(self, gateway, script, keys, seconds, connections, extra_env=None):
        env = {"AUTH": self.bearer, "KEYS_FILE": str(keys), "WRK_THREADS": "2",
               "CACHEGATE_WRK_DIR": str(ROOT / "perf" / "wrk"), **(extra_env or {})}
        command = wrk.command(gateway.url, script, min(2, connections), connections, f"{int(seconds)}s")
        output = run(command, env=env, capture=True, timeout=seconds + 120).stdout
        return wrk.parse_result(output)

    def both(self, seconds, pause=0):
        """The mixed workload through both gateways at once, each on its half of the ids; their results summed."""
        results = [None, None]

        def load(index):
            results[index] = self.wrk(self.stack.gateways[index], "mixed-read-write.lua", self.halves[index],
                                      seconds, self.args.soak_connections,
                                      {"WRITE_PERCENT": "5", "DELAY_MS": str(pause)})

        threads = [threading.Thread(target=load, args=(i,)) for i in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        total = {"rps": sum(r["rps"] for r in results), "requests": sum(r["requests"] for r in results),
                 "p50_us": max(r["p50_us"] for r in results), "p99_us": max(r["p99_us"] for r in results),
                 "errors": sum(r["non2xx"] + r["socket_errors"] for r in results),
                 "stale_reads": sum(r.get("stale_reads", 0) for r in results),
                 "checked_reads": sum(r.get("checked_reads", 0) for r in results)}
        return total

    def prime_hot(self):
        """Every hot id read through the second gateway, then read again there: the second reads must all be hits,
        or a curve would count the service's misses as the gateway's warm-up."""
        gateway = self.stack.gateways[1]
        ids = hot_ids_of(self.hot)
        for _ in range(3):
            misses = prime(gateway.url, self.bearer, ids)
            if not misses:
                return
            log(f"soak: {len(misses)} hot ids not yet cached after priming; again")
        self.notes.append(f"{len(misses)} of the {len(ids)} hot ids were still not hits after priming them three "
                          "times: the warm-up curves count their misses")

    def hit_curve(self, seconds):
        """The hit workload on the hot ids through the first gateway in slices; [(seconds since its first request,
        rps)]."""
        slices, began = [], time.time()
        while time.time() - began < seconds:
            result = self.wrk(self.stack.gateways[0], "read-by-id.lua", self.hot, self.args.soak_slice,
                              self.args.soak_connections)
            slices.append((round(time.time() - began, 1), result["rps"]))
        return slices

    # ---- what is sampled after each minute ---------------------------------------------------------------------

    def sample(self):
        old_gen, open_files = [], []
        for gateway in self.stack.gateways:
            status, _, body = http(gateway.url + "/actuator/prometheus", headers={"Authorization": self.bearer},
                                   timeout=10)
            text = body.decode(errors="replace") if status == 200 else ""
            old_gen.append(prometheus_sum(text, "jvm_gc_live_data_size_bytes"))
            open_files.append(prometheus_sum(text, "process_files_open_files"))
        memory, clients = self.stack.redis("INFO", "memory"), self.stack.redis("INFO", "clients")
        return {"old_gen": old_gen, "open_files": open_files, "redis_used": redis_field(memory, "used_memory"),
                "redis_clients": redis_field(clients, "connected_clients")}

    # ---- the run -----------------------------------------------------------------------------------------------

    def run(self):
        args = self.args
        minutes = max(2, round(seconds_of(args.duration) / args.soak_interval))
        self.stack.start()
        self.bearer = self.stack.token()
        order = [int(line) for line in (FAULT_OUT / "keys-zipf.txt").read_text().split()]
        self.halves = self.stack.halves()

        self.hot = FAULT_OUT / "keys-soak-hot.txt"
        self.hot.write_text("".join(f"{i}\n" for i in hot_ids(order, HOT_IDS)))
        log("soak: priming the hot ids through the second gateway, then the first gateway's warm-up after its start")
        self.prime_hot()
        self.started_curve = self.hit_curve(args.soak_warmup)

        log("soak: the workload's ids cached through the second gateway (20 s), then the maximum of the mixed "
            "workload through both gateways")
        # The maximum of a warm cache, as the minutes run on one: measured on the hot ids alone, most reads would
        # be misses and the load held would be a fraction of what the gateways carry.
        self.wrk(self.stack.gateways[1], "read-by-id.lua", FAULT_OUT / "keys-zipf.txt", 20, args.soak_connections)
        maximum = self.both(15)
        self.maximum = maximum["rps"]
        target = args.soak_load * self.maximum
        per_gateway = target / 2
        pause = pause_ms(per_gateway, args.soak_connections, 0)
        calibration = self.both(10, pause)
        latency_ms = max(0.0, 1000.0 * args.soak_connections / max(calibration["rps"] / 2, 1) - pause)
        self.pause = pause_ms(per_gateway, args.soak_connections, latency_ms)
        log(f"soak: maximum {self.maximum:,.0f} requests/s; target {target:,.0f}; pause {self.pause} ms per request "
            f"and connection")

        first_half = minutes // 2
        restart_at = restart_minute(minutes)
        for minute in range(minutes):
            event = None
            if minute == first_half:
                log(f"soak: idle for {args.soak_idle:g} s")
                time.sleep(args.soak_idle)
                self.prime_hot()
                self.idle_curve = self.hit_curve(args.soak_warmup)
                event = f"after {args.soak_idle:g} s idle"
            restart = None
            if minute == restart_at:
                restart = threading.Timer(min(20, args.soak_interval / 3), self.restart_redis)
                restart.start()
                event = (event + "; " if event else "") + "Redis restarted"
            result = self.both(args.soak_interval, self.pause)
            if restart is not None:
                restart.join()
            row = dict(result, minute=minute + 1, event=event, **self.sample())
            self.rows.append(row)
            log(f"soak: minute {row['minute']}: {row['rps']:,.0f} requests/s, p99 {row['p99_us'] / 1000:.2f} ms, "
                f"errors {row['errors']}, stale {row['stale_reads']}")
        log("soak: the hit workload through the first gateway, warm after the whole run (the peak's reference)")
        self.prime_hot()
        self.warm_curve = self.hit_curve(min(30, args.soak_warmup))

    def restart_redis(self):
        log("soak: restarting Redis (SHUTDOWN NOSAVE, then started again on its port)")
        self.stack.stop_redis()
        self.stack.start_redis()

    def write(self, path, chart):
        args = self.args
        peak = peak_of(self.started_curve, getattr(self, "idle_curve", []), getattr(self, "warm_curve", []))
        first = self.rows[0] if self.rows else None
        worst = lambda key: max(row[key] / max(first[key], 1) for row in self.rows) if first else 0
        lowest = min(row["rps"] / max(first["rps"], 1) for row in self.rows) if first else 0
        text = "\n".join([
            "# Cachegate soak", "",
            f"Written by `perf/bench --soak --no-build --duration {args.duration} --users {args.users} --keys "
            f"{args.keys} --soak-idle {args.soak_idle:g} --soak-interval {args.soak_interval:g} --soak-load "
            f"{args.soak_load:g} --soak-connections {args.soak_connections} --soak-warmup {args.soak_warmup:g} "
            f"--soak-slice {args.soak_slice:g}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.", "",
            f"The mixed workload (95% reads, 5% writes, stale reads counted) through two gateways, each with "
            f"{args.soak_connections} connections on its half of the ids; maximum measured {self.maximum:,.0f} "
            f"requests/s (both, closed loop, 15 s), held at {args.soak_load:.0%} of it by a pause of {self.pause} ms "
            "per request and connection. Latency: the higher of the two gateways' p50 and p99.", "",
            table(self.rows), "",
            f"Against the first minute: throughput at least {lowest:.2f}x of it in every minute, p99 at most "
            f"{worst('p99_us'):.2f}x (goal: within 1.5x).", "",
            f"Warm-up: the hit workload (read-by-id.lua on the {HOT_IDS:,} hottest ids, primed just before through the "
            f"second gateway: every request a hit) through the first gateway in {args.soak_slice:g} s slices; peak "
            f"{peak:,.0f} requests/s (the median slice of the last curve, the gateway warm after the whole run: "
            "one slice of a noisy machine is no peak).",
            *warmup_lines("After a start", self.started_curve, peak),
            *warmup_lines(f"After {args.soak_idle:g} s idle", getattr(self, "idle_curve", []), peak),
            *warmup_lines("Warm, after the run", getattr(self, "warm_curve", []), peak),
            "", f"![soak]({chart.name})", ""] + [f"- {note}" for note in self.notes])
        path.write_text(text)
        (OUT / "soak.json").write_text(json.dumps({"rows": self.rows, "maximum": self.maximum, "pause_ms": self.pause,
                                                   "started_curve": self.started_curve,
                                                   "idle_curve": getattr(self, "idle_curve", []),
                                                   "warm_curve": getattr(self, "warm_curve", [])}, indent=1))
        svg_chart(self.rows, chart)
        return text


def report_section(text, chart=CHART):
    """perf/out/soak.md as performance.md's soak section: its title as the section's heading, its chart under the
    name it has beside performance.md."""
    lines = text.splitlines()
    if lines and lines[0].startswith("# "):
        lines[0] = HEADING
    return "\n".join(re.sub(r"!\[soak\]\([^)]*\)", f"![soak]({chart})", line) for line in lines) + "\n"


def prime(base_url, bearer, ids, workers=8):
    """Each id read twice through a gateway (concurrently, one request per id and pass); the ids whose second read
    was not a hit."""
    def read(user):
        return http(f"{base_url}/users/{user}", headers={"Authorization": bearer}, timeout=30)

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(read, ids))
        second = list(pool.map(read, ids))
    return [user for user, (status, headers, _) in zip(ids, second) if status != 200 or headers.get("X-Cache") != "HIT"]


def hot_ids_of(path):
    return [int(line) for line in path.read_text().split()]


def peak_of(started, idle, warm):
    """The warm gateway's hit throughput: the median slice of the curve after the whole run (the highest slice of
    the others when there is none)."""
    if warm:
        ordered = sorted(rps for _, rps in warm)
        return ordered[len(ordered) // 2]
    return max([rps for _, rps in started + idle] + [1])


def hot_ids(order, count):
    """The count ids most frequent in the workload's key order, most frequent first."""
    return [id for id, _ in Counter(order).most_common(count)]


def token_lifetime(args):
    """Seconds a token must live to last the whole soak (its minutes, the idle period, both warm-ups, the start):
    the harness logs in once, and auth-service's default lifetime (15 minutes) is shorter than a soak."""
    return int(seconds_of(args.duration) + args.soak_idle + 3 * args.soak_warmup + 900)


def run_soak(args, output):
    # The soak's auth-service (a child of this process) issues tokens that outlive the run.
    os.environ.setdefault("CACHEGATE_JWT_TTL", f"{token_lifetime(args)}s")
    soak = Soak(args)
    try:
        soak.run()
    finally:
        soak.stack.stop_all()
    OUT.mkdir(parents=True, exist_ok=True)
    text = soak.write(output, output.with_suffix(".svg"))
    print(text)
    report = ROOT / "performance.md"
    if report.exists():
        shutil.copyfile(output.with_suffix(".svg"), ROOT / CHART)
        report.write_text(replace_section(report.read_text(), HEADING, report_section(text)))
        log(f"soak: its section of {report} and {CHART} written")
    return row_failures(soak.rows)
