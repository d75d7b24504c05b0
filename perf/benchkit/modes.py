"""What one run of perf/bench does from start to end. A mode is a function of the session and the report's path;
MODES maps the command-line flag that selects it (its argparse dest) to it, and `full` runs when none is given.
A new mode: a function here, an entry in MODES, its flag in cli.parser()."""
import sys

from . import cluster as cluster_run
from . import faults as fault_matrix
from . import soak as soak_run
from . import report
from .settings import OUT, ROOT
from .shell import http, log


def full(bench, output):
    """Every scenario, the load curve, the profile, the mixed workload (and the cost growth with --growth); writes
    the report and its chart, and fails on any error answer or stale read."""
    args = bench.args
    try:
        bench.stack.start(args.use_running)
        bench.stack.start_uncached_gateway()
        bench.stack.start_redis_only_gateway()
        bench.stack.start_shipped_gateway()
        bench.seed()
        bench.token()
        status, _, body = http(bench.url("users") + "/users/1", headers={"Authorization": bench.bearer})
        if status != 200:
            raise SystemExit(f"user-service did not answer GET /users/1 ({status}): {body[:200]!r}")
        bench.body_size = len(body)
        bench.start_nginx()
        bench.stack.start_ceiling(body)
        bench.check_cache_works()
        bench.prime()
        bench.measure()
        if args.curve:
            bench.load_curve()
        if not args.no_profile:
            bench.profile()
        bench.mixed()
        if args.growth:
            bench.growth()
    finally:
        bench.stop_all()
    OUT.mkdir(parents=True, exist_ok=True)
    chart = output.parent / ("performance-quick.svg" if args.quick else "performance.svg")
    report.svg_chart(bench.results, chart)
    report.write_report(bench, output, chart)
    log(f"wrote {output.relative_to(ROOT)}")
    failures = bench.check()
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        sys.exit(1)
    print(f"bench: every scenario ran without errors ({len(bench.results)} scenarios)")


def growth_only(bench, output):
    """Only the cost growth: replaces that section of the report and keeps the rest."""
    try:
        bench.stack.start(bench.args.use_running)
        bench.seed()
        bench.token()
        bench.growth()
    finally:
        bench.stop_all()
    report.replace_growth_section(bench, output)
    log(f"replaced the cost growth section of {output.relative_to(ROOT)}")


def faults(bench, output):
    """The fault matrix on a stack of its own (see benchkit.faults); fails when a row misses its goal."""
    OUT.mkdir(parents=True, exist_ok=True)
    missed = fault_matrix.run_faults(bench.args, output)
    log(f"wrote {output.relative_to(ROOT)}")
    if missed:
        print("FAILED: goal not met: " + ", ".join(row["name"] for row in missed), file=sys.stderr)
        sys.exit(1)


def soak(bench, output):
    """The soak on the fault matrix's stack (see benchkit.soak); fails on any error or stale read."""
    OUT.mkdir(parents=True, exist_ok=True)
    failures = soak_run.run_soak(bench.args, output)
    log(f"wrote {output.relative_to(ROOT)}")
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures), file=sys.stderr)
        sys.exit(1)


def cluster(bench, output):
    """The gateway on a Redis Cluster against a single Redis (see benchkit.cluster): spread, hits, failover; writes
    the report's Redis Cluster section and keeps the rest."""
    bench.stack = cluster_run.ClusterStack()
    cluster_run.run_cluster(bench, output)
    log(f"wrote the Redis Cluster section of {output}")


MODES = {"growth_only": growth_only, "faults": faults, "soak": soak, "cluster": cluster}


def selected(args):
    """The mode the command line asks for: at most one of the MODES flags, else the full run."""
    chosen = [dest for dest in MODES if getattr(args, dest, False)]
    if len(chosen) > 1:
        raise SystemExit("choose one of: " + ", ".join("--" + dest.replace("_", "-") for dest in chosen))
    return MODES[chosen[0]] if chosen else full
