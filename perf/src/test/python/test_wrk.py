"""Reading wrk's and redis-benchmark's output, and the gateway's counters (perf/benchkit/wrk.py)."""
import unittest

from benchkit import wrk

WRK_OUTPUT = """Running 2s test @ http://127.0.0.1:18888
  2 threads and 64 connections
  Latency Distribution
     50%  612.00us
  40123 requests in 2.00s, 20.10MB read
Requests/sec:  20061.50
CACHEGATE_RESULT {"requests":40123,"rps":20061.5,"p50_us":612,"p90_us":1210,"p99_us":3900,"p999_us":9100,"non2xx":0,"socket_errors":2}
"""

PROMETHEUS = """# HELP cachegate_cache_requests_total Reads by cache result
# TYPE cachegate_cache_requests_total counter
cachegate_cache_requests_total{result="hit",route="users"} 90.0
cachegate_cache_requests_total{result="hit",route="other"} 10.0
cachegate_cache_requests_total{result="miss",route="users"} 1.5E1
cachegate_cache_requests_total{route="users"} 1000.0
jvm_threads_live_threads 42.0
"""

REDIS_BENCHMARK = '''"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
"GET","98765.43","0.321","0.080","0.295","0.511","0.807","2.143"
'''


class WrkOutputTests(unittest.TestCase):

    def test_reads_the_result_line_among_wrks_own_output(self):
        self.assertEqual(wrk.parse_result(WRK_OUTPUT),
                         {"requests": 40123, "rps": 20061.5, "p50_us": 612, "p90_us": 1210, "p99_us": 3900,
                          "p999_us": 9100, "non2xx": 0, "socket_errors": 2})

    def test_output_without_a_result_stops_the_run_with_that_output(self):
        with self.assertRaises(SystemExit) as stopped:
            wrk.parse_result("unable to connect to 127.0.0.1:18888 Connection refused\n")
        self.assertIn("wrk printed no result:\nunable to connect", str(stopped.exception))

    def test_a_result_must_be_a_line_of_its_own(self):
        with self.assertRaises(SystemExit):
            wrk.parse_result('echo CACHEGATE_RESULT {"rps":1}\n')

    def test_the_command_line_and_how_the_report_shows_it(self):
        command = wrk.command("http://127.0.0.1:1", "read-by-id.lua", 2, 64, "30s")
        self.assertEqual(command[:7], ["wrk", "-t2", "-c64", "-d30s", "--latency", "--timeout", "5s"])
        self.assertTrue(command[8].endswith("perf/wrk/read-by-id.lua"))
        shown = wrk.shown_command({"AUTH": "Bearer secret", "KEYS_FILE": "k.txt"}, ["wrk", "url"])
        self.assertEqual(shown, "KEYS_FILE=k.txt AUTH=... wrk url")


class CacheCountersTests(unittest.TestCase):

    def test_sums_the_counters_of_every_route_by_result(self):
        self.assertEqual(wrk.parse_cache_requests(PROMETHEUS), {"hit": 100.0, "miss": 15.0})

    def test_hit_ratio_is_the_share_of_hits_among_the_reads_between_two_readings(self):
        self.assertEqual(wrk.hit_ratio({"hit": 100.0, "miss": 15.0}, {"hit": 175.0, "miss": 40.0}), 0.75)

    def test_hit_ratio_is_unknown_without_counters_or_reads(self):
        self.assertIsNone(wrk.hit_ratio({}, {}))
        self.assertIsNone(wrk.hit_ratio({"hit": 5.0}, {"hit": 5.0}))


class RedisBenchmarkTests(unittest.TestCase):

    def test_reads_the_csv_into_the_fields_of_a_wrk_result(self):
        command = wrk.redis_benchmark_command("redis://127.0.0.1:6380/0", 1000, 64, 321)
        self.assertEqual(command, ["redis-benchmark", "-h", "127.0.0.1", "-p", "6380", "-t", "get", "-n", "1000",
                                   "-c", "64", "-d", "321", "--csv"])
        result = wrk.parse_redis_benchmark(REDIS_BENCHMARK, command)
        self.assertEqual(result["rps"], 98765.43)
        self.assertEqual((result["p50_us"], result["p90_us"], result["p99_us"], result["p999_us"]),
                         (295, 511, 807, 2143))
        self.assertEqual((result["non2xx"], result["socket_errors"]), (0, 0))
        self.assertEqual(result["command"], " ".join(command))

    def test_the_default_port_when_the_url_names_none(self):
        self.assertEqual(wrk.redis_benchmark_command("redis://localhost", 1, 1, 1)[4], "6379")


if __name__ == "__main__":
    unittest.main()
