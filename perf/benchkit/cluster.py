"""perf/bench --cluster: the gateway on a 3-master Redis Cluster against the same gateway on a single Redis.

Three measurements on one stack (`./run --redis-cluster`'s launcher: the services on the cluster, the users route in
12 buckets), with three more gateways beside its own: the cluster without the near cache, and a single Redis (started
here) with and without it.
1. Hits: a key file drawn Zipf over the ids 1..--cluster-hit-users, every id cached in both; the same wrk run against
   the four gateways, interleaved (single, cluster, single without near cache, cluster without), --reps times, with
   each Redis node's command calls and CPU seconds per run.
2. Failover: the mixed read/write workload on the cluster gateway without near cache, in slices of a few seconds; a
   master is killed (SIGKILL) after --fault-lead seconds; errors and stale reads before, during (until a replica
   serves every slot again) and after.
3. Spread (last: it takes longest): the cache emptied, the ids 1..--users read once each through the cluster
   gateway; each master's share of the entries, the misses counted against the entries alive afterwards, and each
   master's used memory before and after.
Writes the "## Redis Cluster" section of the report (performance.md), keeping the rest.
"""
import json
import os
import re
import signal
import statistics
import sys
import subprocess
import threading
import time

from .settings import BENCH_SERVICE_ENV, OUT, ROOT
from .faults import free_port
from .shell import await_healthy, log, pid_listening, run
from .stack import Stack

HEADING = "## Redis Cluster"
# Change events off in both services: seeding 100,000 users through PostgreSQL would otherwise publish 100,000 events
# whose invalidations (12 buckets each) run on the cluster while it is measured, and a cluster kept from an earlier
# run holds events of another database. The writes measured go through the gateway, which invalidates by itself.
CLUSTER_ENV = {"CACHEGATE_EVENTS_ENABLED": "false"}
GATEWAYS = ("single", "cluster", "single-no-l1", "cluster-no-l1")
ENTRIES = "cg:{users*}:e:*"


# ---- what the nodes say ----------------------------------------------------------------------------------------

def masters(cluster_nodes):
    """The live masters that serve slots, as (host, port), from CLUSTER NODES' text, ordered by their first slot."""
    found = []
    for line in cluster_nodes.strip().splitlines():
        fields = line.split()
        if len(fields) < 9:
            continue
        flags = fields[2].split(",")
        if "master" not in flags or "fail" in flags or "fail?" in flags:
            continue
        host, port = fields[1].split("@")[0].rsplit(":", 1)
        first = min(int(slot.split("-")[0]) for slot in fields[8:] if not slot.startswith("["))
        found.append((first, host, int(port)))
    return [(host, port) for _, host, port in sorted(found)]


def info_fields(info):
    """INFO's numeric fields."""
    values = {}
    for line in info.splitlines():
        match = re.match(r"^([a-z_0-9]+):(-?[0-9.]+)\r?$", line)
        if match:
            values[match.group(1)] = float(match.group(2))
    return values


def command_calls(commandstats):
    """Calls per command from INFO commandstats."""
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"^cmdstat_([a-z_|]+):calls=(\d+)", commandstats, re.M)}


def node_load(before, after):
    """What a node did between two readings ({"calls": {...}, "cpu": seconds}): calls in all, of which scripts, and
    CPU seconds."""
    calls = {name: after["calls"].get(name, 0) - before["calls"].get(name, 0) for name in after["calls"]}
    scripts = sum(count for name, count in calls.items() if name in ("evalsha", "eval", "fcall"))
    return {"calls": sum(calls.values()), "scripts": scripts, "cpu": after["cpu"] - before["cpu"]}


def shares(counts):
    """Each node's share of the total, in percent."""
    total = sum(counts.values())
    return {node: (100.0 * count / total if total else 0.0) for node, count in counts.items()}


def phases(slices, killed_at, served_at):
    """Sums the workload's slices ({"start", "end", "requests", "errors", "stale_reads", "checked_reads"}) into
    before the kill, the failover window (a slice that overlaps it counts there) and after a replica serves every
    slot again; "first_clean" is the seconds from served_at to the end of the last slice with errors (0: none after)."""
    sums = {name: {"requests": 0, "errors": 0, "stale_reads": 0, "checked_reads": 0, "seconds": 0.0}
            for name in ("before", "window", "after")}
    last_error_end = served_at
    hits = {name: [] for name in sums}
    for s in slices:
        name = "before" if s["end"] <= killed_at else "after" if s["start"] >= served_at else "window"
        if s.get("hit_ratio") is not None:
            hits[name].append(s["hit_ratio"])
        for field in ("requests", "errors", "stale_reads", "checked_reads"):
            sums[name][field] += s[field]
        sums[name]["seconds"] += s["end"] - s["start"]
        if s["errors"] and s["end"] > last_error_end:
            last_error_end = s["end"]
    for name, ratios in hits.items():
        sums[name]["hit_ratio"] = statistics.mean(ratios) if ratios else None
    sums["first_clean"] = last_error_end - served_at
    return sums


def ratio(results, numerator, denominator):
    """Median requests/s of one gateway over another's."""
    top = statistics.median(r["rps"] for r in results[numerator])
    bottom = statistics.median(r["rps"] for r in results[denominator])
    return top / bottom if bottom else 0.0


def section(report):
    """The report's Redis Cluster section, from what ClusterBench measured (the parts it measured)."""
    lines = [HEADING, "",
             f"Written by `{report['command']}` on {report['written_at']}; load average at the start "
             f"{report['load_before']}, at the end {report['load_after']} (2 cores shared with other work: the "
             "absolute rates are noisy, the ratios within the run are what this measures). A local cluster of 3 "
             "masters and 3 replicas on this machine, the users route in "
             f"{report['buckets']} buckets; the single Redis is a `redis-server` started beside it.", ""]
    if "fill" in report:
        lines += spread_lines(report["fill"])
    if "results" in report:
        lines += hit_lines(report)
    if "failover" in report:
        lines += failover_lines(report["failover"])
    return "\n".join(lines) + "\n"


def spread_lines(fill):
    lines = [f"### Spread of {fill['ids']:,} keys", "",
             f"The cache emptied, then ids 1 to {fill['ids']:,} read once each through the cluster gateway "
             f"({fill['passes']} wrk passes, {fill['seconds']:.0f} s): {fill['misses']:,} misses counted by the "
             f"gateway, **{fill['entries']:,} entries alive** afterwards (entries live 3,600 s here).", "",
             "| master | entries | share | used memory before | after | bytes per entry |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for node, count in fill["per_master"].items():
        before, after = fill["memory_before"][node], fill["memory_after"][node]
        per = (after - before) / count if count else 0
        lines.append(f"| {node} | {count:,} | **{fill['shares'][node]:.1f}%** | {before / 1e6:,.1f} MB | "
                     f"{after / 1e6:,.1f} MB | {per:,.0f} |")
    total = sum(fill["memory_after"].values()) - sum(fill["memory_before"].values())
    per_entry = total / fill["entries"] if fill["entries"] else 0
    if per_entry:
        lines += ["", f"Over the masters: **{per_entry:,.0f} bytes per entry** (used_memory, replicas not counted: "
                  f"each holds as much again), about **{1e9 / per_entry:,.0f} entries per GB** of a master's memory."]
    return lines + [""]


def hit_lines(report):
    results, loads = report["results"], report["loads"]
    lines = ["### Hits: cluster against single Redis", "",
             f"`{report['wrk']}` against each gateway in turn ({report['reps']} repetitions, interleaved; "
             f"{report['warmup']} warm-up each) on a key file drawn Zipf over the ids 1 to "
             f"{report['hit_users']:,} ({report['hit_ids']:,} distinct), every one of them cached in both Redis "
             "set-ups first. Median requests/s; Redis commands and CPU seconds summed over the repetitions, per "
             "node (cluster masters by their first slot): commands as `INFO commandstats` counts them, those run "
             "inside scripts included; in brackets the scripts (`EVALSHA`), one per round trip.", "",
             "| gateway | requests/s | ± | p50 ms | p99 ms | errors | gateway hits | Redis commands (scripts) per node | "
             "Redis CPU s per node |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |"]
    for name in GATEWAYS:
        runs = results[name]
        rates = [r["rps"] for r in runs]
        hit = [r["hit_ratio"] for r in runs if "hit_ratio" in r]
        hits = f"{100 * statistics.median(hit):.1f}%" if hit else "-"
        calls = ", ".join(f"{v['calls']:,} ({v['scripts']:,})" for v in loads[name].values())
        cpu = ", ".join(f"{v['cpu']:.1f}" for v in loads[name].values())
        lines.append(f"| {name} | {statistics.median(rates):,.0f} | {max(rates) - min(rates):,.0f} | "
                     f"{statistics.median(r['p50_us'] for r in runs) / 1000:.2f} | "
                     f"{statistics.median(r['p99_us'] for r in runs) / 1000:.2f} | "
                     f"{sum(r['non2xx'] + r['socket_errors'] for r in runs)} | {hits} | {calls} | {cpu} |")
    return lines + ["", f"- cluster / single Redis, near cache off (every hit a Redis round trip): "
                    f"**{ratio(results, 'cluster-no-l1', 'single-no-l1'):.2f}x** (goal: at least 0.8x)",
                    f"- cluster / single Redis, near cache on (as shipped): "
                    f"**{ratio(results, 'cluster', 'single'):.2f}x**", ""]


def failover_lines(p):
    lines = ["### A master killed under the mixed workload (near cache off)", "",
             f"`{p['wrk']}` in slices of {p['slice']} s against the cluster gateway without near cache; the master "
             f"on port {p['killed']} (slots from {p['killed_first_slot']}) "
             + ("killed with SIGKILL" if p.get("fault", "kill") == "kill" else "frozen with SIGSTOP (a hung node: "
                "connections stay open, nothing answers; SIGCONT at the end)")
             + f" {p['lead']:.0f} s in; a replica served its slots again, as every living node saw it, "
             f"**{p['served_after']:.1f} s after the fault** (`cluster-node-timeout` {p['node_timeout']}).", "",
             "| phase | seconds | requests | errors | stale reads | checked reads | reads answered from the cache |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, title in (("before", "before the fault"), ("window", "failover window"), ("after", "after it")):
        s = p["phases"][name]
        hit = "-" if s.get("hit_ratio") is None else f"{100 * s['hit_ratio']:.0f}%"
        lines.append(f"| {title} | {s['seconds']:.0f} | {s['requests']:,} | **{s['errors']:,}** | "
                     f"**{s['stale_reads']}** | {s['checked_reads']:,} | {hit} |")
    if p["phases"]["window"]["errors"] + p["phases"]["after"]["errors"] == 0:
        lines += ["", "No errors (non-2xx answers or timeouts) during the failover or after it; no gateway was "
                  "restarted.", ""]
    else:
        lines += ["", f"Errors (non-2xx answers and timeouts) ended {p['phases']['first_clean']:.1f} s after the "
                  "replica took over; no gateway was restarted.", ""]
    if p.get("squatter"):
        lines += [f"**Not trustworthy:** another process (pid {p['squatter']}) listened on the killed master's port "
                  "after the run: on this shared machine another cluster took it, and the replica may have talked "
                  "to it.", ""]
    return lines


def unlink_commands(keys, batch=500):
    """UNLINK commands for redis-cli, each for keys of one hash tag only (a cluster refuses keys of several slots
    in one command)."""
    groups = {}
    for key in keys:
        match = re.search(r"\{([^}]+)\}", key)
        groups.setdefault(match.group(1) if match else key, []).append(key)
    return ["UNLINK " + " ".join(group[i:i + batch]) for group in groups.values() for i in range(0, len(group), batch)]


def replace_section(text, heading, new_section, before="## Reading the results"):
    """The text with the section under `heading` replaced by `new_section` (or inserted before `before`, else at the
    end); a section runs to the next heading of its level."""
    start = text.find(heading + "\n")
    if start < 0:
        start = text.find(before)
        start = start if start >= 0 else len(text)
        if start and text[:start] and not text[:start].endswith("\n\n"):
            new_section = "\n" + new_section
        end = start
        return text[:start] + new_section.rstrip("\n") + "\n" + ("\n" if end < len(text) else "") + text[end:]
    following = text.find("\n## ", start + 1)
    end = following + 1 if following >= 0 else len(text)
    return text[:start] + new_section.rstrip("\n") + "\n" + ("\n" if following >= 0 else "") + text[end:]


def kept_section(text, heading=HEADING):
    """The section under `heading` in a report (to carry it over when the report is written again); "" when none."""
    start = text.find(heading + "\n")
    if start < 0:
        return ""
    following = text.find("\n## ", start + 1)
    return text[start:following + 1 if following >= 0 else len(text)].rstrip("\n") + "\n"


# ---- running it ------------------------------------------------------------------------------------------------

class ClusterStack(Stack):
    """The stack on a Redis Cluster: what the harness reads from Redis it reads on every master."""

    def __init__(self):
        super().__init__()
        self.ports = {}

    def nodes(self):
        return [tuple(node.rsplit(":", 1)) for node in self.env["SPRING_DATA_REDIS_CLUSTER_NODES"].split(",")]

    def cli(self, host, port, *command):
        """redis-cli's answer; "" when the node does not answer within 3 s (a frozen node never does)."""
        try:
            return run(["redis-cli", "-h", str(host), "-p", str(port), *command], capture=True, check=False,
                       timeout=3).stdout
        except subprocess.TimeoutExpired:
            return ""

    def masters(self):
        for host, port in self.nodes():
            text = self.cli(host, port, "CLUSTER", "NODES")
            if "master" in text:
                return masters(text)
        raise SystemExit("no node of the cluster answers CLUSTER NODES")

    def url(self, name):
        if name in self.ports:
            return f"http://127.0.0.1:{self.ports[name]}"
        return super().url(name)

    def flush_gateway_cache(self):
        for host, port in self.masters():
            keys = run(["redis-cli", "-h", host, "-p", str(port), "--scan", "--pattern", "cg:*"],
                       capture=True).stdout.split()
            commands = unlink_commands(keys)
            if commands:
                subprocess.run(["redis-cli", "-h", host, "-p", str(port)], input="\n".join(commands) + "\n",
                               text=True, stdout=subprocess.DEVNULL, check=True)
            left = run(["redis-cli", "-h", host, "-p", str(port), "--scan", "--pattern", "cg:*"], capture=True).stdout
            if left.strip():
                raise SystemExit(f"could not empty the cache's keys on {host}:{port}: {left.split()[:3]} ...")

    def entries_per_master(self):
        return {f"{host}:{port}": int(run(["bash", "-c", f"redis-cli -h {host} -p {port} --scan --pattern "
                                                         f"'{ENTRIES}' | wc -l"], capture=True).stdout.strip() or 0)
                for host, port in self.masters()}

    def gateway_entries(self):
        return sum(self.entries_per_master().values())

    def used_memory(self):
        return {f"{host}:{port}": info_fields(self.cli(host, port, "INFO", "memory"))["used_memory"]
                for host, port in self.masters()}


class ClusterBench:

    def __init__(self, bench):
        self.bench = bench
        self.args = bench.args
        self.stack = bench.stack
        self.single = None

    # ---- set-up ------------------------------------------------------------------------------------------------

    def start(self):
        auth, users, gateway = self.args.cluster_ports
        self.stack.start(False, ports={"CACHEGATE_AUTH_PORT": auth, "CACHEGATE_USERS_PORT": users,
                                       "CACHEGATE_GATEWAY_PORT": gateway}, launcher_args=["--redis-cluster"],
                         database=self.args.cluster_database, extra_env=CLUSTER_ENV)
        if "SPRING_DATA_REDIS_CLUSTER_NODES" not in self.stack.env:
            raise SystemExit("the stack did not start on a Redis Cluster (no SPRING_DATA_REDIS_CLUSTER_NODES in "
                             ".cachegate/stack.env)")
        port = free_port()
        self.single = self.stack.background("redis-single", ["redis-server", "--port", str(port), "--save", "",
                                                             "--appendonly", "no"])
        self.single_port = port
        deadline = time.time() + 30
        while "PONG" not in self.stack.cli("127.0.0.1", port, "PING"):
            if time.time() > deadline:
                raise SystemExit("the single Redis did not start; see perf/out/redis-single.log")
            time.sleep(0.2)
        self.stack.ports["cluster"] = self.stack.env["CACHEGATE_GATEWAY_PORT"]
        started = []
        for name in ("cluster-no-l1", "single", "single-no-l1"):
            self.stack.ports[name] = free_port()
            env = dict(self.stack.env, **BENCH_SERVICE_ENV, **CLUSTER_ENV, SERVER_PORT=str(self.stack.ports[name]),
                       CACHEGATE_INSTANCE_ID=f"bench-{name}:{self.stack.ports[name]}")
            if name.endswith("no-l1"):
                env["CACHEGATE_CACHE_NEAR_ENABLED"] = "false"
            unset = ()
            if name.startswith("single"):
                env["REDIS_URL"] = f"redis://127.0.0.1:{port}"
                unset = ("SPRING_DATA_REDIS_CLUSTER_NODES", "CACHEGATE_CACHE_ROUTES_USERS_BUCKETS")
            started.append((name, self.gateway(name, env, unset)))
        for name, process in started:
            await_healthy(self.stack.url(name), process=process)

    def gateway(self, name, env, unset):
        merged = {k: v for k, v in dict(os.environ, **env).items() if k not in unset}
        process = subprocess.Popen(["java", "-Xmx512m", "-jar", "gateway/target/gateway.jar"], cwd=ROOT, env=merged,
                                   stdout=open(OUT / f"gateway-{name}.log", "w"), stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.stack.processes.append(process)
        return process

    def nodes_of(self, name):
        """The Redis nodes a gateway uses, as "host:port"."""
        if name.startswith("single"):
            return [f"127.0.0.1:{self.single_port}"]
        return [f"{host}:{port}" for host, port in self.stack.masters()]

    def load_reading(self, nodes):
        reading = {}
        for node in nodes:
            host, port = node.rsplit(":", 1)
            cpu = info_fields(self.stack.cli(host, port, "INFO", "cpu"))
            reading[node] = {"calls": command_calls(self.stack.cli(host, port, "INFO", "commandstats")),
                             "cpu": cpu.get("used_cpu_sys", 0) + cpu.get("used_cpu_user", 0)}
        return reading

    # ---- 1. spread ---------------------------------------------------------------------------------------------

    def fill(self):
        ids = list(range(1, self.args.users + 1))
        self.stack.flush_gateway_cache()
        memory_before = self.stack.used_memory()
        counters_before = self.bench.cache_results(self.stack.url("cluster"))
        started = time.time()
        log(f"cluster: filling {len(ids):,} ids through the cluster gateway")
        walked = {"passes": 0}
        original = self.bench.wrk

        def counted(*args, **kwargs):
            walked["passes"] += 1
            return original(*args, **kwargs)

        self.bench.wrk = counted
        try:
            self.bench.fill("cluster", ids, self.stack.gateway_entries, self.args.fill_limit)
        finally:
            self.bench.wrk = original
        seconds = time.time() - started
        counters_after = self.bench.cache_results(self.stack.url("cluster"))
        per_master = self.stack.entries_per_master()
        entries = sum(per_master.values())
        log(f"cluster: {entries:,} entries, per master {per_master}")
        return {"ids": len(ids), "passes": walked["passes"], "seconds": seconds,
                "misses": int(counters_after.get("miss", 0) - counters_before.get("miss", 0)),
                "entries": entries, "per_master": per_master, "shares": shares(per_master),
                "memory_before": memory_before, "memory_after": self.stack.used_memory()}

    # ---- 2. hits -----------------------------------------------------------------------------------------------

    def hit_keys(self):
        """The hits' key file: Zipf over the ids 1..--cluster-hit-users (a miss costs the machine far more than a
        hit, so a smaller key space keeps the priming short); also the failover's."""
        users = min(self.args.cluster_hit_users, self.args.users)
        run([str(ROOT / "perf" / "datagen"), "--schema", "perf/schemas/users.toml", "--rows", str(users), "--seed",
             "42", "--target", "keys", "--distribution", "zipf", "--keys", str(max(self.args.keys, 1000)), "--out",
             str(OUT / "keys-hits.txt")])
        return users

    def hits(self):
        # Both caches are primed with every id of the key file first.
        users = self.hit_keys()
        ids = sorted({int(line) for line in (OUT / "keys-hits.txt").read_text().split()})
        single_entries = lambda: int(run(["bash", "-c", f"redis-cli -p {self.single_port} --scan --pattern "
                                                        f"'{ENTRIES}' | wc -l"], capture=True).stdout.strip() or 0)
        for name, cached in (("cluster", self.stack.gateway_entries), ("single", single_entries)):
            filled = self.bench.fill(name, ids, cached, self.args.prime_limit)
            log(f"cluster: {name} primed, {filled:,} entries for {len(ids):,} distinct ids")
        self.hit_users, self.hit_ids = users, len(ids)
        for name in GATEWAYS:
            log(f"cluster: warming up {name}")
            self.bench.wrk(self.stack.url(name), duration=self.args.warmup, keys="hits")
        results, loads = {}, {}
        for repetition in range(1, self.args.reps + 1):
            for name in GATEWAYS:
                log(f"cluster: repetition {repetition}/{self.args.reps}: {name}")
                nodes = self.nodes_of(name)
                before = self.load_reading(nodes)
                results.setdefault(name, []).append(self.bench.wrk(self.stack.url(name), keys="hits"))
                after = self.load_reading(nodes)
                total = loads.setdefault(name, {node: {"calls": 0, "scripts": 0, "cpu": 0.0} for node in nodes})
                for node in nodes:
                    for field, value in node_load(before[node], after[node]).items():
                        total[node][field] += value
        return results, loads

    # ---- 3. failover -------------------------------------------------------------------------------------------

    def failover(self):
        keys = (OUT / "keys-hits.txt").read_text().split()[:20_000]
        (OUT / "keys-failover.txt").write_text("\n".join(keys) + "\n")
        victim_host, victim_port = self.stack.masters()[1]
        victim_id, first_slot = self.myself(victim_port)
        slices, stop = [], threading.Event()
        slice_seconds = self.args.cluster_slice
        fault = self.args.cluster_fault

        def load():
            while not stop.is_set():
                started = time.time()
                result = self.bench.wrk(self.stack.url("cluster-no-l1"), script="mixed-read-write.lua",
                                        keys="failover", duration=f"{slice_seconds}s",
                                        connections=self.args.fault_connections,
                                        extra_env={"WRITE_PERCENT": "10"})
                slices.append({"start": started, "end": time.time(), "requests": result["requests"],
                               "errors": result["non2xx"] + result["socket_errors"],
                               "stale_reads": result.get("stale_reads", 0),
                               "checked_reads": result.get("checked_reads", 0), "command": result["command"],
                               "hit_ratio": result.get("hit_ratio")})

        worker = threading.Thread(target=load, daemon=True)
        begun = time.time()
        worker.start()
        time.sleep(self.args.fault_lead)
        pid = pid_listening(victim_port)
        if pid is None:
            stop.set()
            raise SystemExit(f"no process listens on the master's port {victim_port}")
        log(f"cluster: {'killing' if fault == 'kill' else 'freezing'} the master on port {victim_port} (pid {pid})")
        killed_at = time.time()
        os.kill(pid, signal.SIGKILL if fault == "kill" else signal.SIGSTOP)
        try:
            served_at = self.await_served(victim_id, first_slot, killed_at + self.args.fault_restart_limit)
            log(f"cluster: a replica serves slot {first_slot} again {served_at - killed_at:.1f} s after the fault")
            time.sleep(self.args.fault_tail)
        finally:
            stop.set()
            if fault == "freeze":
                os.kill(pid, signal.SIGCONT)
        worker.join(timeout=60)
        # The machine is shared: another cluster started meanwhile may take a killed node's freed port.
        squatter = pid_listening(victim_port) if fault == "kill" else None
        timeout = self.stack.cli(*self.stack.masters()[0], "CONFIG", "GET", "cluster-node-timeout").split()
        return {"wrk": slices[0]["command"] if slices else "", "slice": slice_seconds, "killed": victim_port,
                "fault": fault, "squatter": squatter,
                "killed_first_slot": first_slot, "lead": killed_at - begun, "served_after": served_at - killed_at,
                "node_timeout": f"{timeout[-1]} ms" if timeout else "?",
                "phases": phases(slices, killed_at, served_at), "slices": slices}

    def myself(self, port):
        """The node id of the node on `port` and its first slot."""
        for line in self.stack.cli("127.0.0.1", port, "CLUSTER", "NODES").splitlines():
            if "myself" in line:
                fields = line.split()
                return fields[0], min(int(slot.split("-")[0]) for slot in fields[8:] if not slot.startswith("["))
        raise SystemExit(f"the node on port {port} does not describe itself")

    def await_served(self, victim_id, slot, deadline):
        """When a master other than the victim serves `slot` as every living node of the cluster sees it."""
        while time.time() < deadline:
            views = []
            for host, port in self.stack.nodes():
                text = self.stack.cli(host, port, "CLUSTER", "NODES")
                me = [line.split()[0] for line in text.splitlines() if "myself" in line]
                if me and me[0] != victim_id:
                    views.append(server_of(text, slot))
            if views and all(owner and owner != victim_id for owner in views):
                return time.time()
            time.sleep(0.1)
        raise SystemExit(f"no replica took over slot {slot} in time")


def server_of(cluster_nodes, slot):
    """The node id of the live master serving `slot` in CLUSTER NODES' text; None when none does."""
    for line in cluster_nodes.strip().splitlines():
        fields = line.split()
        flags = fields[2].split(",") if len(fields) > 2 else []
        if len(fields) < 9 or "master" not in flags or "fail" in flags or "fail?" in flags:
            continue
        for slots in fields[8:]:
            if slots.startswith("["):
                continue
            low, _, high = slots.partition("-")
            if int(low) <= slot <= int(high or low):
                return fields[0]
    return None


def load_average():
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def run_cluster(bench, output, written_at=None):
    """The whole --cluster run: hits, failover, then the spread (the longest, last); what each phase measured is kept
    in perf/out/cluster.json as soon as it is measured. Returns the report written into `output`."""
    OUT.mkdir(parents=True, exist_ok=True)
    cluster = ClusterBench(bench)
    report = {"command": " ".join(["perf/bench", *sys.argv[1:]]), "load_before": load_average(),
              "reps": bench.args.reps, "warmup": bench.args.warmup}

    def keep(**measured):
        report.update(measured, load_after=load_average(),
                      written_at=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(written_at or time.time())))
        (OUT / "cluster.json").write_text(json.dumps(report, indent=1, default=str))

    try:
        cluster.start()
        report["buckets"] = bench.stack.env.get("CACHEGATE_CACHE_ROUTES_USERS_BUCKETS", "1")
        bench.seed()
        bench.token()
        phases = bench.args.cluster_only
        if "hits" in phases:
            results, loads = cluster.hits()
            any_run = results["cluster"][0]["command"]
            keep(results=results, loads=loads, hit_users=cluster.hit_users, hit_ids=cluster.hit_ids,
                 wrk=re.sub(r" http://\S+$", "", any_run.split(" AUTH=... ")[-1]))
        if "failover" in phases:
            if "hits" not in phases:
                cluster.hit_keys()
                ids = sorted({int(line) for line in (OUT / "keys-hits.txt").read_text().split()})
                bench.fill("cluster", ids, bench.stack.gateway_entries, bench.args.prime_limit)
            failover = cluster.failover()
            failover["wrk"] = re.sub(r" http://\S+$", "", failover["wrk"].split(" AUTH=... ")[-1])
            keep(failover=failover)
        if "spread" in phases:
            keep(fill=cluster.fill())
    finally:
        bench.stop_all()
    text = section(report)
    (OUT / "cluster.md").write_text(text)
    output.write_text(replace_section(output.read_text() if output.exists() else "", HEADING, text))
    return report
