"""What a fault row's probes say, whether its goal is met, and the table (perf/benchkit/faultreport.py)."""
import unittest

from benchkit import faultreport


def probe(t, kind, status, cache=None, seconds=0.01, stored=None):
    return {"t": t, "kind": kind, "status": status, "cache": cache, "seconds": seconds, "stored": stored}


def row(probes, **overrides):
    values = {"name": "redis-restart", "title": "Redis stopped and restarted", "probes": probes, "fault_start": 10.0,
              "fault_end": 20.0, "errors": 0, "stale_reads": 0, "recovery_s": 2.5,
              "goal": [("no_errors",), ("no_stale",), ("answers", "read", {200}), ("recovers", 15)]}
    values.update(overrides)
    return values


PROBES = [probe(5, "read", 200, "HIT"), probe(11, "read", 200, "BYPASS"), probe(12, "read", 200, "BYPASS"),
          probe(13, "write", 503, seconds=0.2), probe(15, "fresh", 200, "BYPASS", stored=False),
          probe(21, "fresh", 200, "MISS", stored=False), probe(22.5, "fresh", 200, "MISS", seconds=0.5, stored=True),
          probe(25, "read", 200, "HIT")]


class RecoveryTests(unittest.TestCase):

    def test_counts_from_the_end_of_the_fault_to_the_end_of_the_first_answer_that_shows_recovery(self):
        stored = lambda p: p["kind"] == "fresh" and p["stored"]
        self.assertEqual(faultreport.recovery_seconds(PROBES, 20.0, stored), 3.0)

    def test_is_none_when_no_answer_after_the_fault_shows_it(self):
        self.assertIsNone(faultreport.recovery_seconds(PROBES, 20.0, lambda p: p["kind"] == "basic"))
        # An answer from before the end of the fault does not count.
        self.assertIsNone(faultreport.recovery_seconds(PROBES, 26.0, lambda p: p["kind"] == "read"))


class SeenTests(unittest.TestCase):

    def test_groups_answers_by_kind_status_and_cache_result(self):
        during = faultreport.during(PROBES, 10.0, 20.0)
        self.assertEqual(faultreport.seen(during),
                         "fresh: 200 BYPASS x1; read: 200 BYPASS x2; write: 503 x1")

    def test_names_requests_that_got_no_answer(self):
        self.assertEqual(faultreport.seen([probe(1, "read", None), probe(2, "read", None)]), "read: no answer x2")


class GoalTests(unittest.TestCase):

    def test_a_row_within_every_criterion_meets_its_goal(self):
        self.assertEqual(faultreport.unmet(row(PROBES)["goal"], row(PROBES)), [])

    def test_each_criterion_can_fail_and_says_why(self):
        goal = [("no_errors",), ("no_stale",), ("answers", "read", {200}), ("fails_with", "write", {502}),
                ("within", "write", 0.1), ("recovers", 2), ("consistent",)]
        failing = row(PROBES + [probe(30, "read", 502)], goal=goal, errors=3, stale_reads=1, mismatches=4)
        self.assertEqual(faultreport.unmet(goal, failing), [
            "3 errors", "1 stale reads", "1 reads answered otherwise", "1 writes during the fault answered otherwise",
            "1 writes slower than 0.1 s (slowest 0.20 s; 503 x1; 1 during the fault)", "recovered in 2.5 s", "4 stale entries after the fault"])

    def test_slow_answers_say_what_they_were_and_when(self):
        probes = [probe(12, "basic", 502, seconds=0.05), probe(25, "basic", 504, seconds=3.02),
                  probe(26, "basic", 504, seconds=3.03)]
        self.assertEqual(faultreport.unmet([("within", "basic", 3.0)], row(probes)),
                         ["2 Basic exchanges slower than 3 s (slowest 3.03 s; 504 x2; 2 after the fault)"])

    def test_a_row_that_never_recovered_says_so(self):
        self.assertEqual(faultreport.unmet([("recovers", 15)], row(PROBES, recovery_s=None)), ["not recovered"])

    def test_a_request_still_on_its_way_when_the_fault_is_healed_may_succeed(self):
        healed_meanwhile = [probe(13, "write", 503), probe(19.8, "write", 200, seconds=0.5)]
        self.assertEqual(faultreport.unmet([("fails_with", "write", {503})], row(healed_meanwhile)), [])
        answered_during = [probe(13, "write", 503), probe(19.2, "write", 200, seconds=0.5)]
        self.assertEqual(faultreport.unmet([("fails_with", "write", {503})], row(answered_during)),
                         ["1 writes during the fault answered otherwise"])

    def test_answers_before_the_fault_do_not_count_against_it(self):
        early = row([probe(1, "read", 502)] + PROBES)
        self.assertEqual(faultreport.unmet([("answers", "read", {200})], early), [])


class TableTests(unittest.TestCase):

    def test_one_line_per_fault_with_its_goal_in_words_and_whether_it_is_met(self):
        met = row(PROBES)
        missed = row(PROBES, name="postgres-stop", title="PostgreSQL stopped", errors=7, recovery_s=None,
                     goal=[("no_stale",), ("fails_with", "write", {503}), ("recovers", 15)])
        lines = faultreport.table([met, missed]).splitlines()
        self.assertEqual(len(lines), 4)
        self.assertEqual(lines[2], "| Redis stopped and restarted | 0 errors, 0 stale reads, reads answered 200, "
                                   "recovered within 15 s | 0 | 0 | 2.5 s | fresh: 200 BYPASS x1; read: 200 BYPASS "
                                   "x2; write: 503 x1 | yes |")
        self.assertTrue(lines[3].startswith("| PostgreSQL stopped | 0 stale reads, writes during the fault 503, "
                                            "recovered within 15 s | 7 | 0 | - |"))
        self.assertTrue(lines[3].endswith("| **no**: not recovered |"))


if __name__ == "__main__":
    unittest.main()
