"""One benchmark session: the stack, the data, and every measurement taken on them. The report reads its results,
notes, body_size, curve, growth_rows, hot_methods and allocation."""
import base64
import json
import random
import sys
import time

from . import jfr, nginx, wrk
from .settings import BEARER_REFRESH_SECONDS, OUT, ROOT
from .shell import http, log, pid_listening, run
from .stack import Stack


class Bench:

    def __init__(self, args):
        self.args = args
        self.stack = Stack()
        self.results = {}
        self.notes = []

    def url(self, name):
        return self.stack.url(name)

    def stop_all(self):
        self.stack.stop_all()

    def start_nginx(self):
        self.notes.append(nginx.start(self.stack.env["CACHEGATE_USERS_PORT"]))

    # ---- data -----------------------------------------------------------------------------------------------

    def seed(self):
        users = self.args.users
        log(f"seeding {users} users with the data generator")
        self.stack.psql("TRUNCATE users.users RESTART IDENTITY CASCADE")
        env = {k: self.stack.env[k] for k in ("POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DB", "POSTGRES_USER",
                                              "POSTGRES_PASSWORD")}
        run([str(ROOT / "perf" / "datagen"), "--schema", "perf/schemas/users.toml", "--rows", str(users), "--seed",
             "42", "--target", "postgres"], env=env)
        count = int(self.stack.psql("SELECT count(*) FROM users.users"))
        if count != users:
            raise SystemExit(f"expected {users} users after seeding, found {count}")
        for distribution in ("zipf", "uniform"):
            run([str(ROOT / "perf" / "datagen"), "--schema", "perf/schemas/users.toml", "--rows", str(users),
                 "--seed", "42", "--target", "keys", "--distribution", distribution, "--keys",
                 str(max(self.args.keys, 1000)), "--out", str(OUT / f"keys-{distribution}.txt")])
        self.stack.flush_gateway_cache()

    def prime(self):
        """Fills the gateway's cache (Redis, shared by both cached gateways) and nginx's with every id of the key
        file before anything is measured: the cached scenarios then measure a cache in service, not its cold start.
        Each pass walks the distinct ids in order; passes repeat until 99% are cached or the time limit is over."""
        ids = sorted({int(line) for line in (OUT / "keys-zipf.txt").read_text().split()})
        for name, cached in (("gateway", self.stack.gateway_entries), ("nginx", nginx.entries)):
            filled = self.fill(name, ids, cached, self.args.prime_limit)
            log(f"primed {name}: {filled} of {len(ids)} distinct ids cached")
            self.notes.append(f"{name} primed before measuring: {filled:,} of the {len(ids):,} distinct ids of the key "
                              f"file cached (limit {self.args.prime_limit} s).")

    def fill(self, name, ids, cached, limit):
        """Reads every id once through a cache until 99% are cached or `limit` seconds are over; how many are."""
        deadline = time.time() + limit
        filled, walked = cached(), 0
        while filled < 0.99 * len(ids) and time.time() < deadline:
            # Each wrk thread walks its share of the file in order from its own offset: the next pass starts where
            # the last one stopped, by rotating each share by the requests its thread made.
            share = len(ids) // self.args.threads
            shares = [ids[t * share:(t + 1) * share if t < self.args.threads - 1 else len(ids)]
                      for t in range(self.args.threads)]
            step = walked // self.args.threads
            rotated = [s[step % len(s):] + s[:step % len(s)] for s in shares if s]
            (OUT / "keys-fill.txt").write_text("".join(f"{i}\n" for s in rotated for i in s))
            result = self.wrk(self.url(name), keys="fill", duration="3s" if self.args.quick else "15s")
            walked += result["requests"]
            filled = cached()
        return filled

    def cache_results(self, base_url):
        """The gateway's read counters by cache result (cachegate.cache.requests); {} for anything else."""
        status, _, body = http(base_url + "/actuator/prometheus", headers={"Authorization": self.bearer})
        if status != 200:
            return {}
        return wrk.parse_cache_requests(body.decode())

    def token(self):
        user, password = self.stack.env["CACHEGATE_ADMIN_USERNAME"], self.stack.env["CACHEGATE_ADMIN_PASSWORD"]
        status, _, body = http(self.url("auth") + "/auth/token", "POST", {"Content-Type": "application/json"},
                               json.dumps({"username": user, "password": password}).encode())
        if status != 200:
            raise SystemExit(f"could not get a token ({status}): {body[:200]!r}")
        self.bearer = "Bearer " + json.loads(body)["access_token"]
        self.bearer_at = time.time()
        self.basic = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    # ---- measuring ------------------------------------------------------------------------------------------

    def wrk(self, base_url, script="read-by-id.lua", auth=None, keys="zipf", duration=None, connections=None,
            extra_env=None):
        duration = duration or self.args.duration
        connections = connections or self.args.connections
        if time.time() - self.bearer_at > BEARER_REFRESH_SECONDS:
            # Tokens live 15 minutes and a full run lasts longer: a run must never start with one about to expire.
            self.token()
        threads = min(self.args.threads, connections)  # wrk wants at least one connection per thread
        env = {"AUTH": auth or self.bearer, "KEYS_FILE": str(OUT / f"keys-{keys}.txt"),
               "WRK_THREADS": str(threads), "CACHEGATE_WRK_DIR": str(ROOT / "perf" / "wrk")}
        env.update(extra_env or {})
        command = wrk.command(base_url, script, threads, connections, duration)
        before = self.cache_results(base_url)
        output = run(command, env=env, capture=True, timeout=600).stdout
        after = self.cache_results(base_url)
        result = wrk.parse_result(output)
        result["command"] = wrk.shown_command(env, command)
        ratio = wrk.hit_ratio(before, after)
        if ratio is not None:
            result["hit_ratio"] = ratio
        return result

    def redis_benchmark(self, size):
        command = wrk.redis_benchmark_command(self.stack.env["REDIS_URL"], self.args.redis_requests,
                                              self.args.connections, size)
        return wrk.parse_redis_benchmark(run(command, capture=True).stdout, command)

    def check_cache_works(self):
        url = self.url("gateway") + "/users/1"
        for attempt in range(10):
            # A store can miss its 100 ms Redis deadline on a loaded machine; a few tries tell that from a cache
            # that never stores.
            http(url, headers={"Authorization": self.bearer})
            status, headers, _ = http(url, headers={"Authorization": self.bearer})
            if status == 200 and headers.get("X-Cache") == "HIT":
                break
            time.sleep(0.5)
        else:
            raise SystemExit(f"the cached gateway does not answer a HIT on a repeated read ({status}, "
                             f"X-Cache={headers.get('X-Cache')}, Cache-Status={headers.get('Cache-Status')}); "
                             "check CACHEGATE_CACHE_ROUTES_USERS_ENABLED and the gateway's log")
        status, headers, _ = http(self.url("uncached") + "/users/1", headers={"Authorization": self.bearer})
        if status != 200 or headers.get("X-Cache") == "HIT":
            raise SystemExit(f"the uncached gateway answered {status} with X-Cache={headers.get('X-Cache')}")

    def scenarios(self):
        """Each scenario: its target and, for the Basic one, its credentials (None: the Bearer token)."""
        return {
            "a-origin": ("users", None),
            "b-gateway-uncached": ("uncached", None),
            "c-gateway-cached": ("gateway", None),
            "c-gateway-cached-basic": ("gateway", self.basic),
            "c-gateway-cached-redis-only": ("no-l1", None),
            "c-gateway-cached-as-shipped": ("shipped", None),
            "d-nginx-proxy-cache": ("nginx", None),
            "d-nginx-as-shipped": ("nginx-shipped", None),
            "e-netty-fixed-body": ("ceiling", None),
        }

    def measure(self):
        scenarios = self.scenarios()
        log("warming up every target")
        for name, (target, auth) in scenarios.items():
            self.wrk(self.url(target), duration=self.args.warmup, auth=auth)
        for repetition in range(1, self.args.reps + 1):
            for name, (target, auth) in scenarios.items():
                log(f"repetition {repetition}/{self.args.reps}: {name}")
                self.results.setdefault(name, []).append(self.wrk(self.url(target), auth=auth))
        log("ceiling: redis-benchmark GET")
        self.results["e-redis-benchmark-get"] = [self.redis_benchmark(self.body_size)
                                                  for _ in range(self.args.reps)]

    def mixed(self):
        """Last of the measurements: its writes invalidate the ids they touch, so what runs after it sees misses."""
        log("mixed read/write through the gateway, with its near cache and without")
        for name, target in (("f-gateway-mixed-95-5", "gateway"), ("f-gateway-mixed-95-5-redis-only", "no-l1")):
            self.results[name] = [
                self.wrk(self.url(target), script="mixed-read-write.lua", extra_env={"WRITE_PERCENT": "5"})
                for _ in range(self.args.reps)]

    def load_curve(self):
        """Closed-loop wrk cannot fix a rate; a sweep of connection counts gives latency at lower loads."""
        curve = []
        for connections in self.args.curve:
            result = self.wrk(self.url("gateway"), connections=connections)
            curve.append(dict(result, connections=connections))
            log(f"cached gateway with {connections} connections: {result['rps']:.0f} rps, p99 "
                f"{result['p99_us'] / 1000:.2f} ms")
        self.curve = curve

    def profile(self):
        pid = pid_listening(int(self.stack.env["CACHEGATE_GATEWAY_PORT"]))
        if pid is None:
            self.notes.append("JFR: could not find the gateway's process; no profile.")
            return
        recording = OUT / "gateway-hit.jfr"
        seconds = int(self.args.duration.rstrip("s"))
        run(["jcmd", str(pid), "JFR.start", "name=bench", "settings=profile", f"duration={seconds + 2}s",
             f"filename={recording}"], capture=True)
        result = self.wrk(self.url("gateway"))
        time.sleep(4)
        self.hot_methods = jfr.hot_methods(recording)
        self.allocation = jfr.allocation_per_request(recording, result["requests"])

    def growth(self):
        rows = []
        for count in (10_000, 100_000, 1_000_000):
            if count > self.args.users:
                self.notes.append(f"cost growth at {count} keys skipped: only {self.args.users} users seeded")
                continue
            self.stack.flush_gateway_cache()
            before = int(self.stack.redis_info("used_memory"))
            log(f"cost growth: filling {count} entries")
            entries = self.fill("gateway", list(range(1, count + 1)), self.stack.gateway_entries, self.args.fill_limit)
            after = int(self.stack.redis_info("used_memory"))
            uniform = OUT / "keys-growth.txt"
            generator = random.Random(7)
            uniform.write_text("".join(f"{generator.randint(1, count)}\n" for _ in range(max(count, 100_000))))
            result = self.wrk(self.url("gateway"), keys="growth")
            rows.append({"keys": count, "entries": entries, "bytes_per_entry": (after - before) / max(entries, 1),
                         **result})
        # A million entries are over a gigabyte: leave the shared Redis as it was.
        self.stack.flush_gateway_cache()
        self.growth_rows = rows

    def check(self):
        return failures(self.results)


def failures(results):
    """What fails a run: any answer other than 2xx/3xx, any stale read. Requests past wrk's timeout (socket errors)
    are warned about on stderr, not failed: a pause of the whole machine, which other work shares, causes them
    without any fault of what is measured, and the report counts them in its errors column."""
    found = []
    for name, runs in results.items():
        for result in runs:
            if result["non2xx"]:
                found.append(f"{name}: {result['non2xx']} non-2xx/3xx, {result['socket_errors']} socket errors")
            elif result["socket_errors"]:
                print(f"WARNING: {name}: {result['socket_errors']} socket errors (timeouts)", file=sys.stderr)
            if result.get("stale_reads"):
                found.append(f"{name}: {result['stale_reads']} stale reads")
    return found
