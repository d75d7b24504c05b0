"""Fixed inputs for the report writer: a session as perf/bench leaves it after a run, with round numbers; and a check
of the text it writes."""
import argparse

SCENARIOS = {
    # name: requests per second of each repetition
    "a-origin": [10_000, 11_000, 12_000],
    "b-gateway-uncached": [4_000, 5_000, 6_000],
    "c-gateway-cached": [50_000, 40_000, 60_000],
    "c-gateway-cached-basic": [25_000, 25_000, 25_000],
    "c-gateway-cached-redis-only": [40_000, 40_000, 40_000],
    "c-gateway-cached-as-shipped": [30_000, 30_000, 30_000],
    "d-nginx-proxy-cache": [100_000, 100_000, 100_000],
    "d-nginx-as-shipped": [60_000, 60_000, 60_000],
    "e-netty-fixed-body": [200_000, 200_000, 200_000],
}


def result(rps, name, **extra):
    return dict({"requests": rps * 20, "rps": rps, "p50_us": 1_000, "p90_us": 2_000, "p99_us": 4_000,
                 "p999_us": 8_000, "non2xx": 0, "socket_errors": 0, "command": f"wrk {name}", "hit_ratio": 0.5},
                **extra)


def arguments(**overrides):
    values = dict(quick=False, users=100_000, keys=1_000_000, threads=2, connections=64, duration="30s",
                  warmup="20s", reps=3)
    values.update(overrides)
    return argparse.Namespace(**values)


def session(**overrides):
    bench = argparse.Namespace(args=arguments(**overrides), body_size=321, notes=["first note", "second note"])
    bench.results = {name: [result(rps, name) for rps in values] for name, values in SCENARIOS.items()}
    bench.results["f-gateway-mixed-95-5"] = [result(20_000, "mixed", stale_reads=0, checked_reads=700)
                                             for _ in range(3)]
    return bench


def assert_all_in(test, text, *parts):
    """Fails the test for every part the text lacks, each in a subtest of its own, so one run names them all."""
    for part in parts:
        with test.subTest(part=part):
            test.assertIn(part, text)
