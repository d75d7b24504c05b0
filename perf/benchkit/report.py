"""performance.md and performance.svg from a session's results.

Every function here reads a session (any object with args, results, notes, body_size and, when measured, curve,
growth_rows, hot_methods, allocation) and writes text; nothing here measures. What the machine is, when the report
was written and the hand-written reading appended to a full run's report are parameters, so tests fix them.
"""
import os
import platform
import re
import shutil
import statistics
import time
from pathlib import Path

from . import cluster, soak
from .settings import ENTRY_LIFETIME_SECONDS, READING
from .shell import run


def median_row(runs, key):
    values = [run[key] for run in runs]
    return statistics.median(values), (max(values) - min(values))


def machine():
    cpu = "unknown"
    try:
        cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text()).group(1)
    except (OSError, AttributeError):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    java = run(["java", "-version"], capture=True, check=False).stdout.splitlines()[0]
    wrk = run(["wrk", "--version"], capture=True, check=False).stdout.splitlines()[0]
    nginx = run(["nginx", "-v"], capture=True, check=False).stdout.strip()
    redis = run(["redis-server", "--version"], capture=True, check=False).stdout.strip() if shutil.which("redis-server") else "n/a"
    return [f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB memory, {platform.system()} {platform.release()}",
            java, wrk, nginx, redis]


def utc(moment):
    return time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(moment))


def svg_chart(results, path):
    names = [name for name in results if not name.startswith("f-")]
    rps = [median_row(results[name], "rps")[0] for name in names]
    width, bar, gap = 760, 26, 10
    height = 40 + len(names) * (bar + gap)
    scale = (width - 330) / max(rps)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="13">',
             f'<text x="10" y="20" font-weight="bold">Requests per second (median of repetitions)</text>']
    for i, (name, value) in enumerate(zip(names, rps)):
        y = 34 + i * (bar + gap)
        colour = "#2b7bb9" if "cached" in name and "uncached" not in name else "#999"
        parts.append(f'<text x="10" y="{y + 18}">{name}</text>')
        parts.append(f'<rect x="230" y="{y}" width="{value * scale:.0f}" height="{bar}" fill="{colour}"/>')
        parts.append(f'<text x="{236 + value * scale:.0f}" y="{y + 18}">{value:,.0f}</text>')
    parts.append("</svg>")
    path.write_text("\n".join(parts))


def growth_lines(bench):
    lines = ["## Cost growth", "", "The gateway's Redis emptied, then filled through the gateway with the ids 1..N (every "
             "id read once), then hits on ids drawn uniformly from 1..N.", "",
             "| cached keys | entries | Redis bytes per entry | hit requests/s | p50 ms | p99 ms |",
             "| ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in bench.growth_rows:
        lines.append(f"| {r['keys']:,} | {r['entries']:,} | {r['bytes_per_entry']:,.0f} | {r['rps']:,.0f} | "
                     f"{r['p50_us'] / 1000:.2f} | {r['p99_us'] / 1000:.2f} |")
    return lines + [""]


def replace_growth_section(bench, path, written_at=None):
    """--growth-only: the report's cost growth section is replaced (or added before the profile), the rest kept."""
    lines = growth_lines(bench)
    lines.insert(2, f"Measured on its own by `perf/bench --growth-only --users {bench.args.users}` on "
                    f"{utc(written_at)}, {bench.args.users:,} users seeded.")
    lines.insert(3, "")
    section = "\n".join(lines) + "\n"
    text = path.read_text() if path.exists() else ""
    start = text.find("## Cost growth")
    if start < 0:
        start = text.find("## Where the time goes")
        start = start if start >= 0 else len(text)
        end = start
    else:
        following = text.find("\n## ", start + 1)
        end = following + 1 if following >= 0 else len(text)
    # The full run's notes may say a level was skipped for want of users: this run measured it.
    rest = re.sub(r"^- cost growth at \d+ keys skipped: .*\n", "", text[end:], flags=re.M)
    path.write_text(text[:start] + section + rest)


def write_report(bench, path, chart, machine_lines=None, written_at=None, reading=READING):
    args, results = bench.args, bench.results
    lines = ["# Cachegate performance", "",
             f"Written by `perf/bench{' --quick' if args.quick else ''}` on {utc(written_at)}. "
             "Do not edit by hand: run the harness again.", "", "## Machine", ""]
    lines += [f"- {line}" for line in (machine() if machine_lines is None else machine_lines)]
    lines += ["", "Load generator, services, Redis and PostgreSQL share this one machine: wrk's own CPU use is part of "
              "every figure, so compare the ratios measured in one run rather than absolute numbers across machines.",
              "", "## Settings", "",
              f"- users seeded: {args.users} (data generator, `perf/schemas/users.toml`, seed 42); key file: "
              f"{max(args.keys, 1000)} ids drawn Zipf over them",
              f"- wrk: {args.threads} threads, {args.connections} connections, {args.duration} per run, "
              f"{args.warmup} warm-up per target, {args.reps} repetitions interleaved across scenarios",
              f"- response body of one user: {bench.body_size} bytes",
              f"- every cache measured keeps entries {ENTRY_LIFETIME_SECONDS} s (user-service's "
              f"`CACHEGATE_USERS_CACHE_CONTROL=max-age={ENTRY_LIFETIME_SECONDS}`, nginx's `proxy_cache_valid`) and "
              "is primed with every id of the key file first; gateways and nginx run without access log, except the as-shipped rows (their default access logs on)", ""]
    lines += ["## Results", "", "Median of the repetitions; ± is the spread (max - min) of requests per second; "
              "gateway hits: the share of reads the gateway answered from its cache during the runs (its "
              "`cachegate.cache.requests` counters).", "",
              "| scenario | requests/s | ± | p50 ms | p90 ms | p99 ms | p99.9 ms | errors | gateway hits |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, runs in results.items():
        rps, spread = median_row(runs, "rps")
        p = {k: median_row(runs, k)[0] / 1000 for k in ("p50_us", "p90_us", "p99_us", "p999_us")}
        errors = sum(r["non2xx"] + r["socket_errors"] for r in runs)
        extra = f" (stale reads: {sum(r.get('stale_reads', 0) for r in runs)}, checked {sum(r.get('checked_reads', 0) for r in runs)})" if name.startswith("f-") else ""
        ratios = [r["hit_ratio"] for r in runs if "hit_ratio" in r]
        hits = f"{100 * statistics.median(ratios):.1f}%" if ratios else "-"
        lines.append(f"| {name}{extra} | {rps:,.0f} | {spread:,.0f} | {p['p50_us']:.2f} | {p['p90_us']:.2f} | "
                     f"{p['p99_us']:.2f} | {p['p999_us']:.2f} | {errors} | {hits} |")
    med = {name: median_row(runs, "rps")[0] for name, runs in results.items()}
    cached, uncached, nginx = med["c-gateway-cached"], med["b-gateway-uncached"], med["d-nginx-proxy-cache"]
    lines += ["", "## Ratios", "",
              f"- cached / uncached gateway: **{cached / uncached:.2f}x** (goal: at least 5x)",
              f"- cached gateway / user-service directly: {cached / med['a-origin']:.2f}x",
              f"- cached gateway / nginx proxy_cache, both as shipped (access logs on): "
              f"**{med['c-gateway-cached-as-shipped'] / med['d-nginx-as-shipped']:.2f}** (goal: at least 0.5)",
              f"- cached gateway / nginx proxy_cache, both access logs off: **{cached / nginx:.2f}** (goal: at least 0.7)",
              f"- cached gateway / bare Reactor Netty fixed body: {cached / med['e-netty-fixed-body']:.2f}",
              f"- Basic / Bearer through the cached gateway: {med['c-gateway-cached-basic'] / cached:.2f}",
              f"- cached gateway with the near cache (L1, default) / Redis-only hits: "
              f"{cached / med['c-gateway-cached-redis-only']:.2f}", "",
              f"![requests per second]({chart.name})", ""]
    if getattr(bench, "curve", None):
        peak = max(r["rps"] for r in bench.curve)
        lines += ["## Latency of hits below the maximum throughput", "",
                  "wrk is closed-loop (it cannot hold a fixed rate), so fewer connections stand for lower loads.", "",
                  "| connections | requests/s | % of max | p50 ms | p99 ms | p99.9 ms |", "| ---: | ---: | ---: | ---: | ---: | ---: |"]
        for r in bench.curve:
            lines.append(f"| {r['connections']} | {r['rps']:,.0f} | {100 * r['rps'] / peak:.0f}% | {r['p50_us'] / 1000:.2f} | "
                         f"{r['p99_us'] / 1000:.2f} | {r['p999_us'] / 1000:.2f} |")
        near = min(bench.curve, key=lambda r: abs(r["rps"] / peak - 0.8))
        lines += ["", f"Nearest to 80% of the maximum: {near['connections']} connections, {100 * near['rps'] / peak:.0f}% "
                      f"of max, p99 **{near['p99_us'] / 1000:.2f} ms** (goal: under 5 ms).", ""]
    if getattr(bench, "growth_rows", None):
        lines += growth_lines(bench)
    if getattr(bench, "hot_methods", None):
        hm = bench.hot_methods
        lines += ["## Where the time goes on a hit (JFR, cached gateway under the same load)", "",
                  f"{hm['samples']} execution samples. Top of stack:", "", "| method | % of samples |", "| --- | ---: |"]
        lines += [f"| `{name}` | {share:.1f} |" for name, share in hm["top"]]
        lines += ["", "Innermost Cachegate frame on the stack:", "", "| method | % of samples |", "| --- | ---: |"]
        lines += [f"| `{name}` | {share:.1f} |" for name, share in hm["cachegate"]]
        lines.append("")
    if getattr(bench, "allocation", None):
        a = bench.allocation
        lines += ["## Allocation per hit (JFR, the same run)", "",
                  f"The gateway's threads allocated {a['bytes'] / 1e6:,.0f} MB while serving {a['requests']:,} hits: "
                  f"**{a['per_request'] / 1000:.1f} KB per hit** (goal: at most 5 KB). Read from "
                  "`jdk.ThreadAllocationStatistics` (each thread's running total) over the recording, which spans the "
                  "run and a few idle seconds.", ""]
    lines += ["## Commands", "", "Each wrk run, exactly (the token is elided):", ""]
    seen = set()
    for name, runs in results.items():
        if runs[0]["command"] not in seen:
            seen.add(runs[0]["command"])
            lines.append(f"- {name}: `{runs[0]['command']}`")
    lines += ["", "## Notes", ""] + [f"- {note}" for note in bench.notes]
    # The Redis Cluster and soak sections are written by their own modes (perf/bench --cluster, --soak): a full run
    # keeps them.
    for heading in (cluster.HEADING, soak.HEADING):
        kept = cluster.kept_section(path.read_text(), heading) if path.exists() else ""
        if kept:
            lines += ["", kept.rstrip("\n")]
    if reading is not None and os.path.exists(reading) and not args.quick:
        lines += ["", Path(reading).read_text()]
    path.write_text("\n".join(lines) + "\n")
