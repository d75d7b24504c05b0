"""perf/bench --cluster: its reading of the nodes, its arithmetic and its section of the report, on fixed inputs."""
import tempfile
import unittest
from pathlib import Path

from benchkit import cluster, report
from fixtures import SCENARIOS, arguments, assert_all_in, result

NODES = """\
f392 127.0.0.1:7104@17104 slave ec26 0 1796675324000 1 connected
0e90 127.0.0.1:7105@17105 slave 11f7 0 1796675324582 2 connected
11f7 127.0.0.1:7102@17102 master - 0 1796675324000 2 connected 5461-10922
ec26 127.0.0.1:7101@17101 myself,master - 0 1796675322000 1 connected 0-5460 [93->-e75c]
e75c 127.0.0.1:7106@17106 master,fail - 0 1796675324983 3 disconnected 10923-16383
2b3a 127.0.0.1:7103@17103 master - 0 1796675323000 4 connected 10923-16383
"""


class NodesTests(unittest.TestCase):

    def test_masters_are_the_live_ones_serving_slots_in_slot_order(self):
        self.assertEqual(cluster.masters(NODES), [("127.0.0.1", 7101), ("127.0.0.1", 7102), ("127.0.0.1", 7103)])

    def test_the_server_of_a_slot_is_a_live_master_that_covers_it(self):
        self.assertEqual(cluster.server_of(NODES, 5461), "11f7")
        self.assertEqual(cluster.server_of(NODES, 16383), "2b3a")
        self.assertEqual(cluster.server_of(NODES, 0), "ec26")
        self.assertIsNone(cluster.server_of(NODES.replace("5461-10922", ""), 6000))

    def test_reads_calls_per_command_and_numeric_info_fields(self):
        stats = ("# Commandstats\r\ncmdstat_evalsha:calls=120,usec=900,usec_per_call=7.50\r\n"
                 "cmdstat_get:calls=3,usec=3\r\ncmdstat_client|setname:calls=2,usec=1\r\n")
        self.assertEqual(cluster.command_calls(stats), {"evalsha": 120, "get": 3, "client|setname": 2})
        self.assertEqual(cluster.info_fields("# CPU\r\nused_cpu_sys:1.50\r\nused_cpu_user:2.25\r\nrole:master\r\n"),
                         {"used_cpu_sys": 1.5, "used_cpu_user": 2.25})

    def test_node_load_is_the_difference_with_scripts_apart(self):
        before = {"calls": {"evalsha": 100, "get": 5}, "cpu": 10.0}
        after = {"calls": {"evalsha": 400, "get": 6, "ping": 2}, "cpu": 12.5}
        self.assertEqual(cluster.node_load(before, after), {"calls": 303, "scripts": 300, "cpu": 2.5})

    def test_unlinks_keys_of_one_hash_tag_per_command(self):
        keys = ["cg:{users:0}:e:a", "cg:{users:7}:e:b", "cg:{users:0}:t:x", "cg:basic:h1", "cg:basic:h2"]
        self.assertEqual(cluster.unlink_commands(keys), ["UNLINK cg:{users:0}:e:a cg:{users:0}:t:x",
                                                         "UNLINK cg:{users:7}:e:b", "UNLINK cg:basic:h1",
                                                         "UNLINK cg:basic:h2"])
        self.assertEqual(len(cluster.unlink_commands([f"cg:{{u}}:e:{i}" for i in range(1001)])), 3)

    def test_shares_are_percentages_of_the_total(self):
        self.assertEqual(cluster.shares({"a": 1, "b": 3}), {"a": 25.0, "b": 75.0})
        self.assertEqual(cluster.shares({"a": 0}), {"a": 0.0})


def slice_of(start, end, errors=0, stale=0, requests=100):
    return {"start": start, "end": end, "requests": requests, "errors": errors, "stale_reads": stale,
            "checked_reads": 40}


class PhasesTests(unittest.TestCase):

    def test_a_slice_overlapping_the_window_counts_in_it(self):
        slices = [slice_of(0, 2), slice_of(2, 4), slice_of(4, 6, errors=7), slice_of(6, 8, errors=1),
                  slice_of(8, 10), slice_of(10, 12)]
        sums = cluster.phases(slices, killed_at=3, served_at=7.5)
        self.assertEqual(sums["before"]["requests"], 100)
        self.assertEqual(sums["window"]["requests"], 300)
        self.assertEqual(sums["window"]["errors"], 8)
        self.assertEqual(sums["after"]["errors"], 0)
        self.assertEqual(sums["after"]["seconds"], 4)
        self.assertEqual(sums["first_clean"], 0.5)

    def test_errors_after_the_takeover_are_counted_after_it(self):
        sums = cluster.phases([slice_of(0, 2), slice_of(8, 10, errors=3, stale=1)], killed_at=1, served_at=7)
        self.assertEqual(sums["after"]["errors"], 3)
        self.assertEqual(sums["after"]["stale_reads"], 1)
        self.assertEqual(sums["first_clean"], 3)


def measured():
    results = {name: [result(rps, name, hit_ratio=1.0) for rps in rates]
               for name, rates in {"single": [10_000, 11_000], "cluster": [9_000, 9_500],
                                   "single-no-l1": [8_000, 8_000], "cluster-no-l1": [7_000, 7_200]}.items()}
    masters = ["127.0.0.1:7101", "127.0.0.1:7102", "127.0.0.1:7103"]
    load = lambda nodes: {node: {"calls": 1000, "scripts": 900, "cpu": 1.5} for node in nodes}
    return {"command": "perf/bench --cluster", "written_at": "2026-12-07 21:00 UTC", "load_before": "1.00 1.00 1.00",
            "load_after": "2.00 2.00 2.00", "buckets": "12",
            "fill": {"ids": 100_000, "passes": 9, "seconds": 140.0, "misses": 100_000, "entries": 99_800,
                     "per_master": {m: n for m, n in zip(masters, (33_000, 33_400, 33_400))},
                     "shares": {m: s for m, s in zip(masters, (33.07, 33.47, 33.47))},
                     "memory_before": {m: 2_000_000 for m in masters},
                     "memory_after": {m: 2_000_000 + n * 1_100 for m, n in zip(masters, (33_000, 33_400, 33_400))}},
            "results": results,
            "loads": {name: load(["127.0.0.1:6400"] if name.startswith("single") else masters) for name in results},
            "failover": {"wrk": "wrk -t2 -c8 -d2s", "slice": 2, "killed": 7102, "killed_first_slot": 5461,
                         "lead": 20.0, "served_after": 6.2, "node_timeout": "5000 ms",
                         "phases": cluster.phases([slice_of(0, 20), slice_of(20, 28, errors=12),
                                                   slice_of(28, 50)], 20.1, 26.3)},
            "wrk": "wrk -t2 -c64 -d15s", "reps": 2, "warmup": "10s", "hit_users": 10_000, "hit_ids": 9_512}


class HitShareTests(unittest.TestCase):

    def test_each_phase_has_the_mean_share_of_its_slices(self):
        slices = [dict(slice_of(0, 2), hit_ratio=0.9), dict(slice_of(2, 4), hit_ratio=0.5),
                  dict(slice_of(4, 6), hit_ratio=0.7), dict(slice_of(6, 8), hit_ratio=None)]
        sums = cluster.phases(slices, killed_at=2, served_at=6)
        self.assertEqual(sums["before"]["hit_ratio"], 0.9)
        self.assertAlmostEqual(sums["window"]["hit_ratio"], 0.6)
        self.assertIsNone(sums["after"]["hit_ratio"])


class SectionTests(unittest.TestCase):

    def test_says_when_nothing_failed(self):
        report = measured()
        report["failover"]["phases"] = cluster.phases([slice_of(0, 20), slice_of(20, 40)], 10, 30)
        self.assertIn("No errors (non-2xx answers or timeouts) during the failover or after it",
                      cluster.section(report))

    def test_says_each_masters_share_bytes_per_entry_the_ratios_and_the_failover(self):
        text = cluster.section(measured())
        self.assertTrue(text.startswith("## Redis Cluster\n"))
        assert_all_in(self, text,
                "| 127.0.0.1:7101 | 33,000 | **33.1%** | 2.0 MB | 38.3 MB | 1,100 |",
                "**1,100 bytes per entry**",
                "909,091 entries per GB",
                "near cache off (every hit a Redis round trip): **0.89x** (goal: at least 0.8x)",
                "near cache on (as shipped): **0.88x**",
                "| 1,000 (900), 1,000 (900), 1,000 (900) | 1.5, 1.5, 1.5 |",
                "| failover window | 8 | 100 | **12** | **0** | 40 | - |",
                "| after it | 22 | 100 | **0** | **0** | 40 | - |",
                "**6.2 s after the fault**",
                "Errors (non-2xx answers and timeouts) ended 1.7 s after the replica took over")


    def test_a_run_cut_short_shows_what_it_measured(self):
        report = measured()
        del report["fill"]
        text = cluster.section(report)
        self.assertNotIn("### Spread", text)
        self.assertIn("### Hits: cluster against single Redis", text)
        self.assertIn("drawn Zipf over the ids 1 to 10,000 (9,512 distinct)", text)


class ReportTests(unittest.TestCase):

    REPORT = "# Cachegate performance\n\n## Notes\n\n- a note\n\n## Reading the results (by hand)\n\n- read\n"

    def test_the_section_goes_before_the_reading_then_replaces_itself(self):
        once = cluster.replace_section(self.REPORT, cluster.HEADING, "## Redis Cluster\n\nfirst\n")
        self.assertIn("- a note\n\n## Redis Cluster\n\nfirst\n\n## Reading the results", once)
        twice = cluster.replace_section(once, cluster.HEADING, "## Redis Cluster\n\nsecond\n")
        self.assertEqual(twice, once.replace("first", "second"))

    def test_goes_at_the_end_without_a_reading(self):
        self.assertEqual(cluster.replace_section("# R\n\n- x\n", cluster.HEADING, "## Redis Cluster\n\ny\n"),
                         "# R\n\n- x\n\n## Redis Cluster\n\ny\n")

    def test_a_full_run_keeps_the_cluster_section(self):
        class Session:
            args = arguments()
            results = {name: [result(rps, name) for rps in rates] for name, rates in SCENARIOS.items()}
            notes = ["n"]
            body_size = 287

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "performance.md"
            path.write_text(cluster.replace_section(self.REPORT, cluster.HEADING, "## Redis Cluster\n\nkept\n"))
            report.write_report(Session(), path, Path(folder) / "p.svg", machine_lines=["m"], reading=None)
            text = path.read_text()
            self.assertIn("## Redis Cluster\n\nkept\n", text)
            self.assertNotIn("## Reading the results (by hand)", text)


if __name__ == "__main__":
    unittest.main()
