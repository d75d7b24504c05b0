"""perf/bench's command line: the options, the --quick settings, the report's path, then the selected mode."""
import argparse
from pathlib import Path

from . import modes
from .session import Bench
from .settings import OUT, ROOT
from .shell import ensure_tools, log, run


def parser(description):
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="every scenario once, briefly, on 2,000 users; "
                        "fails on any error; writes perf/out/performance-quick.md")
    parser.add_argument("--users", type=int, default=100_000, help="users to seed (default 100000)")
    parser.add_argument("--keys", type=int, default=1_000_000, help="ids in each key file (default 1000000)")
    parser.add_argument("--duration", default=None, help="wrk duration per run (default 30s); with --soak the "
                        "soak's length (default 10m)")
    parser.add_argument("--warmup", default="20s", help="warm-up per target, for the JIT (default 20s)")
    parser.add_argument("--prime-limit", type=int, default=300, help="seconds at most to fill each cache with "
                        "every id of the key file before measuring (default 300)")
    parser.add_argument("--connections", type=int, default=64, help="wrk connections (default 64)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--reps", type=int, default=3, help="repetitions per scenario, interleaved (default 3)")
    parser.add_argument("--redis-requests", type=int, default=500_000, help="redis-benchmark requests per run")
    parser.add_argument("--curve", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2, 4, 8, 16, 32, 64],
                        help="connection counts for the latency curve (default 1,2,4,8,16,32,64)")
    parser.add_argument("--growth", action="store_true", help="measure cost growth at 10k, 100k and 1M keys")
    parser.add_argument("--growth-only", action="store_true", help="only the cost growth (seed --users first, e.g. "
                        "1000000); replaces the cost growth section of the report, keeping the rest")
    parser.add_argument("--fill-limit", type=int, default=3600, help="seconds at most to fill the cache for one "
                        "level of the cost growth (default 3600)")
    parser.add_argument("--faults", action="store_true", help="the fault matrix: each fault injected under load, "
                        "one row each (errors, stale reads, time to recover, what clients saw, goal met); writes "
                        "perf/out/faults.md")
    parser.add_argument("--fault-lead", type=float, default=10, help="faults: seconds of load before the fault "
                        "(default 10)")
    parser.add_argument("--fault-hold", type=float, default=10, help="faults: seconds the fault lasts (default 10)")
    parser.add_argument("--fault-tail", type=float, default=20, help="faults: seconds of load after it (default 20)")
    parser.add_argument("--fault-connections", type=int, default=8, help="faults: wrk connections, well below the "
                        "maximum (default 8)")
    parser.add_argument("--fault-restart-limit", type=float, default=120, help="faults: seconds at most to wait for "
                        "recovery after the fault (default 120; a killed service's start is part of it)")
    parser.add_argument("--fault-only", default=None, help="faults: only these rows, comma separated (e.g. "
                        "redis-restart,auth-down)")
    parser.add_argument("--soak", action="store_true", help="the soak: the mixed workload at --soak-load of the "
                        "maximum through two gateways for --duration (default 10m), a row a minute, an idle period and "
                        "a Redis restart in the middle, warm-up after a start and after the idle period; writes "
                        "perf/out/soak.md and soak.svg, and performance.md's soak section")
    parser.add_argument("--soak-idle", type=float, default=300, help="soak: seconds without load in the middle "
                        "(default 300)")
    parser.add_argument("--soak-load", type=float, default=0.7, help="soak: share of the measured maximum to hold "
                        "(default 0.7)")
    parser.add_argument("--soak-connections", type=int, default=8, help="soak: wrk connections per gateway "
                        "(default 8)")
    parser.add_argument("--soak-interval", type=float, default=60, help="soak: seconds per row (default 60)")
    parser.add_argument("--soak-warmup", type=float, default=90, help="soak: seconds of hit workload measured "
                        "after the start and after the idle period (default 90)")
    parser.add_argument("--soak-slice", type=float, default=5, help="soak: seconds per warm-up measurement "
                        "(default 5)")
    parser.add_argument("--cluster", action="store_true", help="the gateway on a Redis Cluster (./run "
                        "--redis-cluster's stack: SPRING_DATA_REDIS_CLUSTER_NODES when set, else a local one) against "
                        "a single Redis: spread of --users keys over the masters, hits interleaved with and without "
                        "the near cache, a master killed under the mixed workload; writes the Redis Cluster section "
                        "of the report")
    parser.add_argument("--cluster-ports", type=lambda s: s.split(","), default=["18081", "18082", "18888"],
                        help="cluster: the stack's auth, users and gateway ports (default 18081,18082,18888); the "
                        "three other gateways take free ports")
    parser.add_argument("--cluster-database", default="cachegate_cluster", help="cluster: the PostgreSQL database "
                        "made afresh for the run (default cachegate_cluster)")
    parser.add_argument("--cluster-hit-users", type=int, default=10_000, help="cluster: the hits' key file is drawn "
                        "over the ids 1 to this (default 10000), all cached first")
    parser.add_argument("--cluster-only", type=lambda s: s.split(","), default=["hits", "failover", "spread"],
                        help="cluster: only these parts, comma separated (default hits,failover,spread); the section "
                        "written holds only them, so send a partial run to --output")
    parser.add_argument("--cluster-slice", type=int, default=2, help="cluster: seconds per wrk slice of the "
                        "failover's workload (default 2)")
    parser.add_argument("--cluster-fault", choices=("kill", "freeze"), default="kill", help="cluster: how the "
                        "master dies: kill (SIGKILL, a crash) or freeze (SIGSTOP, a hung node, SIGCONT at the end; "
                        "its ports stay taken) (default kill)")
    parser.add_argument("--no-profile", action="store_true", help="skip the JFR profile of the gateway")
    parser.add_argument("--use-running", action="store_true", help="join the stack in .cachegate/stack.env if it answers")
    parser.add_argument("--no-build", action="store_true", help="do not build the jars first")
    parser.add_argument("--output", default=None, help="report file (default performance.md; quick: perf/out/performance-quick.md)")
    return parser


def arguments(description, argv=None):
    args = parser(description).parse_args(argv)
    if args.duration is None:
        args.duration = "10m" if args.soak else "30s"
    if args.quick:
        args.users, args.keys, args.duration, args.warmup, args.reps = 2000, 5000, "2s", "1s", 1
        args.prime_limit = 20
        args.redis_requests, args.curve, args.no_profile = 20_000, [], True
    return args


def report_path(args):
    if args.output:
        return Path(args.output).resolve()
    if getattr(args, "faults", False):
        return OUT / "faults.md"
    if getattr(args, "soak", False):
        return OUT / "soak.md"
    return OUT / "performance-quick.md" if args.quick else ROOT / "performance.md"


def main(description, argv=None):
    args = arguments(description, argv)
    mode = modes.selected(args)
    output = report_path(args)
    ensure_tools(faults=args.faults or args.soak or args.cluster)
    if not args.no_build:
        log("building the jars")
        run(["./mvnw", "-B", "-q", "-DskipTests", "package"])
    mode(Bench(args), output)
