"""The report writer (perf/benchkit/report.py) on fixed sessions: what performance.md and performance.svg say."""
import calendar
import re
import tempfile
import unittest
from pathlib import Path

import fixtures
from benchkit import report

WRITTEN_AT = calendar.timegm((2026, 1, 2, 3, 4, 0))
MACHINE = ["2 cores (Test CPU), 8 GiB memory, Linux 6.0", "openjdk 17", "wrk 4.2.0", "nginx/1.24", "Redis 7"]


class ReportTests(unittest.TestCase):

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.path = self.folder / "performance.md"
        self.chart = self.folder / "performance.svg"

    def write(self, bench, reading=None):
        report.write_report(bench, self.path, self.chart, machine_lines=MACHINE, written_at=WRITTEN_AT,
                            reading=reading)
        return self.path.read_text()

    def row(self, text, name):
        found = [line for line in text.splitlines() if line.startswith(f"| {name} ")]
        self.assertEqual(len(found), 1, f"one row for {name} in:\n{text}")
        return [cell.strip() for cell in found[0].strip("|").split("|")]

    def test_heading_says_which_command_wrote_it_and_when(self):
        text = self.write(fixtures.session())
        self.assertTrue(text.startswith("# Cachegate performance\n\nWritten by `perf/bench` on 2026-01-02 03:04 UTC. "
                                        "Do not edit by hand: run the harness again.\n"))
        self.assertIn("Written by `perf/bench --quick` on", self.write(fixtures.session(quick=True)))

    def test_machine_and_settings_are_listed(self):
        text = self.write(fixtures.session())
        fixtures.assert_all_in(self, text,
                "## Machine\n\n- 2 cores (Test CPU), 8 GiB memory, Linux 6.0\n- openjdk 17\n- wrk 4.2.0\n",
                "- wrk: 2 threads, 64 connections, 30s per run, 20s warm-up per target, 3 repetitions",
                "- response body of one user: 321 bytes",
                "key file: 1000000 ids drawn Zipf")
        self.assertIn("key file: 1000 ids", self.write(fixtures.session(keys=10)), "at least 1000 ids")

    def test_each_scenario_row_holds_the_median_the_spread_and_the_hit_share(self):
        text = self.write(fixtures.session())
        self.assertEqual(self.row(text, "c-gateway-cached"),
                         ["c-gateway-cached", "50,000", "20,000", "1.00", "2.00", "4.00", "8.00", "0", "50.0%"])
        self.assertEqual(self.row(text, "a-origin")[1:3], ["11,000", "2,000"])

    def test_errors_count_non2xx_and_socket_errors_of_every_repetition(self):
        bench = fixtures.session()
        bench.results["a-origin"][0].update(non2xx=2, socket_errors=3)
        bench.results["a-origin"][2].update(socket_errors=1)
        self.assertEqual(self.row(self.write(bench), "a-origin")[7], "6")

    def test_a_scenario_without_hit_counters_shows_a_dash(self):
        bench = fixtures.session()
        for run in bench.results["d-nginx-proxy-cache"]:
            del run["hit_ratio"]
        self.assertEqual(self.row(self.write(bench), "d-nginx-proxy-cache")[8], "-")

    def test_the_mixed_rows_count_stale_and_checked_reads(self):
        bench = fixtures.session()
        bench.results["f-gateway-mixed-95-5"][1]["stale_reads"] = 4
        text = self.write(bench)
        self.assertIn("| f-gateway-mixed-95-5 (stale reads: 4, checked 2100) | 20,000 |", text)

    def test_ratios_are_medians_over_medians(self):
        text = self.write(fixtures.session())
        ratios = text[text.index("## Ratios"):text.index("![requests per second]")]
        fixtures.assert_all_in(self, ratios,
                "- cached / uncached gateway: **10.00x** (goal: at least 5x)",
                "- cached gateway / user-service directly: 4.55x",
                "both as shipped (access logs on): **0.50** (goal: at least 0.5)",
                "both access logs off: **0.50** (goal: at least 0.7)",
                "- cached gateway / bare Reactor Netty fixed body: 0.25",
                "- Basic / Bearer through the cached gateway: 0.50",
                "/ Redis-only hits: 1.25")
        self.assertIn("![requests per second](performance.svg)", text)

    def test_optional_sections_appear_only_when_measured(self):
        text = self.write(fixtures.session())
        for heading in ("## Latency of hits", "## Cost growth", "## Where the time goes", "## Allocation per hit"):
            self.assertNotIn(heading, text)

    def test_the_load_curve_names_the_point_nearest_to_80_percent(self):
        bench = fixtures.session()
        bench.curve = [dict(fixtures.result(rps, "curve"), connections=c, p99_us=p99)
                       for c, rps, p99 in ((1, 10_000, 1_000), (8, 70_000, 3_500), (64, 100_000, 9_000))]
        text = self.write(bench)
        self.assertIn("| 8 | 70,000 | 70% | 1.00 | 3.50 | 8.00 |", text)
        self.assertIn("Nearest to 80% of the maximum: 8 connections, 70% of max, p99 **3.50 ms**", text)

    def test_profile_and_allocation_sections(self):
        bench = fixtures.session()
        bench.hot_methods = {"samples": 200, "top": [("a.B.c", 12.5)], "cachegate": [("io.cachegate.X.y", 3.25)]}
        bench.allocation = {"bytes": 1_500_000_000, "requests": 100_000, "per_request": 15_000}
        text = self.write(bench)
        self.assertIn("200 execution samples. Top of stack:\n\n| method | % of samples |\n| --- | ---: |\n"
                      "| `a.B.c` | 12.5 |\n", text)
        self.assertIn("| `io.cachegate.X.y` | 3.2 |", text)
        self.assertIn("allocated 1,500 MB while serving 100,000 hits: **15.0 KB per hit**", text)

    def test_commands_are_listed_once_each_and_notes_follow(self):
        bench = fixtures.session()
        bench.results["c-gateway-cached-basic"][0]["command"] = "wrk c-gateway-cached"
        text = self.write(bench)
        commands = text[text.index("## Commands"):text.index("## Notes")]
        self.assertIn("- c-gateway-cached: `wrk c-gateway-cached`", commands)
        self.assertNotIn("c-gateway-cached-basic", commands)
        self.assertTrue(text.endswith("## Notes\n\n- first note\n- second note\n"))

    def test_the_reading_is_appended_to_a_full_run_only(self):
        reading = self.folder / "reading.md"
        reading.write_text("## Reading the results\n\nBy hand.\n")
        self.assertTrue(self.write(fixtures.session(), reading).endswith("- second note\n\n## Reading the results\n\n"
                                                                         "By hand.\n\n"))
        self.assertNotIn("By hand.", self.write(fixtures.session(quick=True), reading))


class GrowthSectionTests(unittest.TestCase):

    def setUp(self):
        self.path = Path(tempfile.mkdtemp()) / "performance.md"
        self.bench = fixtures.session(users=1_000_000)
        self.bench.growth_rows = [{"keys": 10_000, "entries": 9_990, "bytes_per_entry": 1_050.4, "rps": 30_000,
                                   "p50_us": 1_500, "p99_us": 6_250}]

    def test_replaces_the_section_and_keeps_the_rest(self):
        self.path.write_text("# Report\n\n## Cost growth\n\nold table\n\n## Where the time goes\n\nprofile\n\n"
                             "## Notes\n\n- cost growth at 1000000 keys skipped: only 100000 users seeded\n- kept\n")
        report.replace_growth_section(self.bench, self.path, written_at=WRITTEN_AT)
        text = self.path.read_text()
        self.assertNotIn("old table", text)
        self.assertIn("## Cost growth\n\nMeasured on its own by `perf/bench --growth-only --users 1000000` on "
                      "2026-01-02 03:04 UTC, 1,000,000 users seeded.\n\n", text)
        self.assertIn("| 10,000 | 9,990 | 1,050 | 30,000 | 1.50 | 6.25 |\n\n## Where the time goes\n\nprofile", text)
        self.assertNotIn("skipped", text)
        self.assertTrue(text.endswith("- kept\n"))

    def test_adds_the_section_before_the_profile_when_there_is_none(self):
        self.path.write_text("# Report\n\n## Where the time goes\n\nprofile\n")
        report.replace_growth_section(self.bench, self.path, written_at=WRITTEN_AT)
        text = self.path.read_text()
        self.assertLess(text.index("## Cost growth"), text.index("## Where the time goes"))
        self.assertTrue(text.startswith("# Report\n\n## Cost growth"))


class ChartTests(unittest.TestCase):

    def test_one_bar_per_scenario_except_the_mixed_ones_scaled_to_the_fastest(self):
        path = Path(tempfile.mkdtemp()) / "performance.svg"
        report.svg_chart(fixtures.session().results, path)
        svg = path.read_text()
        self.assertTrue(svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="760" height="364"'))
        self.assertTrue(svg.endswith("</svg>"))
        bars = re.findall(r'<rect x="230" y="(\d+)" width="(\d+)" height="26" fill="([^"]+)"/>', svg)
        self.assertEqual(len(bars), len(fixtures.SCENARIOS))
        widths = dict(zip(fixtures.SCENARIOS, bars))
        self.assertEqual(widths["e-netty-fixed-body"][1], "430", "the fastest spans the width")
        self.assertEqual(widths["c-gateway-cached"][1], "108")
        self.assertEqual(widths["c-gateway-cached"][2], "#2b7bb9", "cached rows in blue")
        self.assertEqual(widths["b-gateway-uncached"][2], "#999")
        self.assertEqual(widths["c-gateway-cached"][0], "106", "the third bar")
        self.assertIn('<text x="10" y="124">c-gateway-cached</text>', svg)
        self.assertIn('<text x="344" y="124">50,000</text>', svg, "the value just past the bar's end")
        self.assertNotIn("f-gateway-mixed", svg)


if __name__ == "__main__":
    unittest.main()
