"""The soak's arithmetic, its reading of the metrics and its report (perf/benchkit/soak.py), on fixed inputs."""
import http.server
import tempfile
import threading
import unittest
from pathlib import Path

from benchkit import cli, faults, soak


def row(minute, rps=1000.0, p99_us=5000, errors=0, stale=0, event=None):
    return {"minute": minute, "event": event, "rps": rps, "p50_us": 1500, "p99_us": p99_us, "errors": errors,
            "stale_reads": stale, "checked_reads": 1234, "old_gen": [41_000_000, None], "open_files": [180.0, 175.0],
            "redis_used": 12_500_000, "redis_clients": 24}


class DurationTests(unittest.TestCase):

    def test_reads_seconds_minutes_and_hours(self):
        self.assertEqual(soak.seconds_of("10m"), 600)
        self.assertEqual(soak.seconds_of("90s"), 90)
        self.assertEqual(soak.seconds_of("90"), 90)
        self.assertEqual(soak.seconds_of("1h"), 3600)

    def test_refuses_anything_else(self):
        with self.assertRaises(SystemExit):
            soak.seconds_of("soon")


class WarmupTests(unittest.TestCase):

    SLICES = [(5.0, 1100), (10.0, 1700), (15.1, 4300), (20.1, 4600), (25.2, 4700)]

    def test_is_the_end_of_the_first_slice_at_ninety_percent_of_peak(self):
        self.assertEqual(soak.time_to_fraction(self.SLICES, 4700), 15.1)

    def test_is_none_when_never_reached(self):
        self.assertIsNone(soak.time_to_fraction(self.SLICES[:2], 4700))


class LoadTests(unittest.TestCase):

    def test_pause_makes_the_connections_send_the_target_together(self):
        # 8 connections at 1000 requests/s: one request per 8 ms each; 3 ms of it is the request itself.
        self.assertEqual(soak.pause_ms(1000, 8, 3.0), 5)

    def test_pause_is_never_negative(self):
        self.assertEqual(soak.pause_ms(100_000, 8, 3.0), 0)

    def test_halves_keep_the_order_and_never_share_an_id(self):
        order = [5, 2, 7, 4, 1, 6, 3, 8] * 200
        first, second = faults.split_keys(order)
        self.assertTrue(all(i % 4 < 2 for i in first))
        self.assertTrue(all(i % 4 >= 2 for i in second))
        self.assertEqual(first[:4], [5, 4, 1, 8])
        self.assertFalse(set(first) & set(second))
        # Both parities, so both wrk threads of a gateway write.
        self.assertEqual({i % 2 for i in first}, {0, 1})

    def test_a_short_half_is_repeated_to_what_wrk_accepts(self):
        first, second = faults.split_keys(list(range(1, 801)))
        self.assertEqual(len(first), 1000)
        self.assertEqual(len(second), 1000)

    def test_redis_restarts_in_the_middle_of_the_second_half(self):
        self.assertEqual(soak.restart_minute(2), 1)
        self.assertEqual(soak.restart_minute(10), 7)


class MetricsTests(unittest.TestCase):

    PROMETHEUS = "\n".join([
        "# HELP jvm_gc_live_data_size_bytes Size of long-lived heap memory pool after reclamation",
        "# TYPE jvm_gc_live_data_size_bytes gauge",
        "jvm_gc_live_data_size_bytes 4.1943040E7",
        'process_files_open_files{application="gateway"} 181.0',
        'jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 5.0E7',
        'jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.0E7'])

    def test_reads_a_gauge_with_or_without_labels(self):
        self.assertEqual(soak.prometheus_sum(self.PROMETHEUS, "jvm_gc_live_data_size_bytes"), 41943040)
        self.assertEqual(soak.prometheus_sum(self.PROMETHEUS, "process_files_open_files"), 181)

    def test_sums_the_series_of_one_metric_and_nothing_else(self):
        self.assertEqual(soak.prometheus_sum(self.PROMETHEUS, "jvm_memory_used_bytes"), 6.0e7)
        self.assertIsNone(soak.prometheus_sum(self.PROMETHEUS, "jvm_gc_live_data"))

    def test_reads_redis_info(self):
        info = "# Memory\r\nused_memory:1234567\r\nused_memory_human:1.18M\r\n"
        self.assertEqual(soak.redis_field(info.replace("\r", ""), "used_memory"), 1234567)
        self.assertIsNone(soak.redis_field(info, "connected_clients"))


class ReportTests(unittest.TestCase):

    def test_every_minute_is_a_row_with_what_happened(self):
        text = soak.table([row(1), row(2, event="Redis restarted", p99_us=7250)])
        lines = text.splitlines()
        self.assertEqual(len(lines), 4)
        self.assertIn("| 2 | Redis restarted | 1,000 | 1.50 | 7.25 | 0 | 0 | 1,234 | 41.0 / - | 12.5 | 24 | 180 / 175 |",
                      lines[3])

    def test_errors_and_stale_reads_fail_the_run(self):
        self.assertEqual(soak.row_failures([row(1), row(2, errors=3), row(3, stale=1)]),
                         ["minute 2: 3 errors", "minute 3: 1 stale reads"])

    def test_warmup_line_says_when_ninety_percent_was_reached(self):
        line = soak.warmup_lines("After a start", WarmupTests.SLICES, 4700)[0]
        self.assertIn("after 15.1 s", line)
        self.assertIn("4,230 requests/s", line)
        self.assertIn("not reached", soak.warmup_lines("After idle", [(5.0, 10)], 4700)[0])

    def test_chart_draws_both_lines_and_marks_events(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "soak.svg"
            soak.svg_chart([row(1), row(2, event="Redis restarted"), row(3, rps=900)], path)
            svg = path.read_text()
        self.assertTrue(svg.startswith("<svg"))
        self.assertEqual(svg.count("<polyline"), 2)
        self.assertIn("Redis restarted", svg)


class ReportSectionTests(unittest.TestCase):

    def test_the_soak_report_becomes_a_section_of_performance_md_with_its_chart_beside_it(self):
        section = soak.report_section("# Cachegate soak\n\nWritten by x.\n\n![soak](soak.svg)\n")
        self.assertTrue(section.startswith("## Soak\n"))
        self.assertIn("![soak](performance-soak.svg)", section)
        self.assertNotIn("(soak.svg)", section)

    def test_the_section_is_replaced_not_repeated(self):
        report = "# R\n\n## Results\n\nx\n\n## Reading the results\n\ny\n"
        once = soak.replace_section(report, soak.HEADING, soak.report_section("# Cachegate soak\n\nfirst\n"))
        twice = soak.replace_section(once, soak.HEADING, soak.report_section("# Cachegate soak\n\nsecond\n"))
        self.assertEqual(twice.count("## Soak"), 1)
        self.assertIn("second", twice)
        self.assertNotIn("first", twice)
        self.assertLess(twice.index("## Soak"), twice.index("## Reading the results"))


class TokenLifetimeTests(unittest.TestCase):

    def test_a_token_outlives_the_whole_soak(self):
        args = cli.arguments("", ["--soak"])
        self.assertGreater(soak.token_lifetime(args), 600 + 300 + 3 * 90)


class CommandLineTests(unittest.TestCase):

    def test_soak_lasts_ten_minutes_unless_told(self):
        self.assertEqual(cli.arguments("", ["--soak"]).duration, "10m")
        self.assertEqual(cli.arguments("", ["--soak", "--duration", "2m"]).duration, "2m")
        self.assertEqual(cli.arguments("", []).duration, "30s")

    def test_soak_is_a_mode_of_its_own(self):
        from benchkit import modes
        self.assertIs(modes.selected(cli.arguments("", ["--soak"])), modes.soak)
        with self.assertRaises(SystemExit):
            modes.selected(cli.arguments("", ["--soak", "--faults"]))

    def test_soak_writes_its_own_report(self):
        self.assertEqual(cli.report_path(cli.arguments("", ["--soak"])).name, "soak.md")



class PrimeTests(unittest.TestCase):

    def test_names_the_ids_whose_second_read_was_not_a_hit(self):
        seen = set()

        class Gateway(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                hit = self.path in seen and self.path != "/users/3"
                seen.add(self.path)
                self.send_response(200)
                self.send_header("X-Cache", "HIT" if hit else "MISS")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}"
            self.assertEqual(soak.prime(url, "Bearer t", [1, 2, 3, 4], workers=2), [3])
        finally:
            server.shutdown()
            server.server_close()


class PeakTests(unittest.TestCase):

    def test_the_median_slice_of_the_warm_curve(self):
        warm = [(5, 9000), (10, 13000), (15, 10000)]
        self.assertEqual(soak.peak_of([(5, 2000)], [(5, 11000)], warm), 10000)

    def test_the_highest_slice_without_a_warm_curve(self):
        self.assertEqual(soak.peak_of([(5, 2000), (10, 8000)], [(5, 7000)], []), 8000)


class HotIdsTests(unittest.TestCase):

    def test_the_most_frequent_ids_first(self):
        self.assertEqual(soak.hot_ids([5, 1, 2, 1, 3, 2, 1, 4], 3), [1, 2, 5])

    def test_no_more_than_there_are(self):
        self.assertEqual(soak.hot_ids([7, 7], 5), [7])


if __name__ == "__main__":
    unittest.main()
