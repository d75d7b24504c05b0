"""perf/bench --faults: each fault injected under load, one row each: errors, stale reads, time to recover and what
clients saw, against the row's goal (see faultreport for the criteria).

The stack here is the bench's own, never the machine's shared servers: a redis-server it starts on a free port
(stopped, restarted and filled up here), reached through a fault proxy (slowed, black-holed); PostgreSQL is the
configured one, in a database of its own (cachegate_faults), reached through a fault proxy that refuses every
connection while it is "stopped"; auth-service, user-service and two gateways run as processes this module kills
and starts again. The load is wrk's mixed-read-write.lua (95% reads, 5% writes, stale reads counted) through the
first gateway; a prober beside it sends a few requests a second of each kind and records every answer.
"""
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

from . import faultreport, wrk
from .faultproxy import FaultProxy
from .settings import OUT, ROOT
from .shell import await_healthy, http, log, run
from .stack import Stack

FAULT_OUT = OUT / "faults"
DATABASE = "cachegate_faults"
# Users the workload never touches (the highest ids): the prober's writes go to the last one, so they never count as
# the workload's stale reads, and each row reads PROBED_PER_ROW of the others, first cached by that row's settling, so
# its probed entries are fresh when the row starts (not left over from an earlier row, half-way to expiry).
RESERVED_USERS = 200
PROBED_PER_ROW = 20
# The lifetime user-service gives its answers in this stack: longer than a row (its fault, a killed service's
# restart), so a probed read that misses means the entry was lost, never that it merely expired.
USERS_CACHE_CONTROL = "max-age=600"
SERVICE_ENV = {"LOGGING_LEVEL_CACHEGATE_ACCESS": "WARN", "CACHEGATE_RATE_LIMIT_REPLENISH_RATE": "1000000",
               "CACHEGATE_RATE_LIMIT_BURST_CAPACITY": "2000000"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def split_keys(order):
    """Two gateways' halves of the key file, each in the file's order: id % 4 in {0, 1} and in {2, 3} (each half
    has ids of both parities, so both wrk threads of a gateway own some to write). A half is repeated up to 1000
    entries, the least the wrk scripts accept."""
    halves = []
    for index in (0, 1):
        half = [i for i in order if i % 4 // 2 == index]
        while half and len(half) < 1000:
            half = half + half[:1000 - len(half)]
        halves.append(half)
    return halves


class Service:
    """One process of the stack under test, which a fault may kill and start again."""

    def __init__(self, name, command, env, port):
        self.name, self.command, self.env, self.port = name, command, env, port
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, wait=True):
        with open(FAULT_OUT / f"{self.name}.log", "a") as out:
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=dict(os.environ, **self.env), stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        if wait:
            await_healthy(self.url, seconds=480, process=self.process)

    def kill(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


class Prober(threading.Thread):
    """A few requests a second of each kind through one gateway, every answer recorded (see faultreport); basic
    holds Basic credentials, one per probe."""

    def __init__(self, base_url, bearer, kinds, started_at, write_id, read_ids=(1,), basic=None, interval=0.05):
        super().__init__(name="fault-prober", daemon=True)
        self.base_url, self.bearer, self.kinds, self.started_at = base_url, bearer, kinds, started_at
        self.write_id, self.read_ids, self.basic, self.interval = write_id, read_ids, basic, interval
        self.probes = []
        self.stopped = threading.Event()
        self.counter = int(time.time()) % 100_000 * 10

    def run(self):
        last_basic = 0.0
        while not self.stopped.is_set():
            for kind in self.kinds:
                if kind == "basic":
                    # At most one a second: each one spends an account.
                    if time.time() - last_basic < 1:
                        continue
                    last_basic = time.time()
                self.probes.append(self.probe(kind))
                self.stopped.wait(self.interval)

    def request(self, method, path, auth, body=None):
        headers = {"Authorization": auth}
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base_url + path, method=method, headers=headers, data=body)
        began = time.time()
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
                return response.status, response.headers.get("X-Cache"), time.time() - began
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("X-Cache"), time.time() - began
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return None, None, time.time() - began

    def probe(self, kind):
        self.counter += 1
        t = time.time() - self.started_at
        stored = None
        if kind == "read":
            status, cache, seconds = self.request("GET", f"/users/{self.read_ids[self.counter % len(self.read_ids)]}",
                                                  self.bearer)
        elif kind == "basic":
            credentials = self.basic.pop(0) if len(self.basic) > 1 else self.basic[0]
            status, cache, seconds = self.request("GET", f"/users/{self.read_ids[0]}", credentials)
        elif kind == "write":
            body = json.dumps({"username": f"probe{self.write_id}", "email": f"probe{self.write_id}@bench.example",
                               "firstName": "Probe", "lastName": "User", "birthDate": "1990-01-01",
                               "city": f"probe-{self.counter}"}).encode()
            status, cache, seconds = self.request("PUT", f"/users/{self.write_id}", self.bearer, body)
        else:
            path = f"/users?q=fresh{self.counter}&size=1"
            status, cache, seconds = self.request("GET", path, self.bearer)
            again = self.request("GET", path, self.bearer)
            stored = again[0] == 200 and again[1] == "HIT"
        return {"t": round(t, 3), "kind": kind, "status": status, "cache": cache, "seconds": round(seconds, 3),
                "stored": stored}

    def stop(self):
        self.stopped.set()
        self.join(timeout=15)


def stored_again(probe):
    return probe["kind"] == "fresh" and bool(probe["stored"])


def written(probe):
    return probe["kind"] == "write" and probe["status"] is not None and 200 <= probe["status"] < 300


def answered(kind):
    return lambda probe: probe["kind"] == kind and probe["status"] == 200


class FaultBench:

    def __init__(self, args, database=DATABASE):
        self.args = args
        # Another name for another use of this stack (the soak), so the two never drop each other's database.
        self.database = database
        self.rows = []
        self.notes = []
        self.proxies = []
        self.redis_process = None

    # ---- the stack ---------------------------------------------------------------------------------------------

    def start(self):
        FAULT_OUT.mkdir(parents=True, exist_ok=True)
        if not Stack.fresh_database(self.database):
            raise SystemExit("perf/bench needs the configured PostgreSQL (POSTGRES_*): it makes a database "
                             f"of its own there, {self.database}, reached through a fault proxy")
        self.redis_port = free_port()
        self.start_redis()
        self.redis_proxy = self.proxy("127.0.0.1", self.redis_port)
        self.pg_host, self.pg_port = os.environ.get("POSTGRES_HOST", "127.0.0.1"), int(os.environ.get("POSTGRES_PORT", "5432"))
        self.pg_proxy = self.proxy(self.pg_host, self.pg_port)
        key = FAULT_OUT / "jwt-signing-key.pem"
        if not key.exists():
            run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", str(key)],
                capture=True)
        self.admin_password = "faults-" + os.urandom(9).hex()
        database = {"POSTGRES_HOST": "127.0.0.1", "POSTGRES_PORT": str(self.pg_proxy.port), "POSTGRES_DB": self.database,
                    "POSTGRES_USER": os.environ.get("POSTGRES_USER", "postgres"),
                    "POSTGRES_PASSWORD": os.environ.get("POSTGRES_PASSWORD", ""),
                    "REDIS_URL": f"redis://127.0.0.1:{self.redis_proxy.port}"}
        # Copies of the jars: a build running meanwhile must not rewrite a jar under a process started from it.
        jars = FAULT_OUT / "jars"
        jars.mkdir(exist_ok=True)
        for module in ("auth-service", "user-service", "gateway"):
            shutil.copyfile(ROOT / module / "target" / f"{module}.jar", jars / f"{module}.jar")
        ports = {name: free_port() for name in ("auth", "users", "g1", "g2")}
        urls = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        java = ["java", "-Xmx384m"]
        self.auth = Service("auth-service", java + ["-jar", str(jars / "auth-service.jar")],
                            dict(database, SERVER_PORT=str(ports["auth"]), CACHEGATE_ADMIN_PASSWORD=self.admin_password,
                                 CACHEGATE_JWT_KEY_FILE=str(key), CACHEGATE_TRUSTED_PROXIES="127.0.0.1"), ports["auth"])
        self.users = Service("user-service", java + ["-jar", str(jars / "user-service.jar")],
                             dict(database, SERVER_PORT=str(ports["users"]), CACHEGATE_USERS_CACHE_CONTROL=USERS_CACHE_CONTROL,
                                  AUTH_JWKS_URL=urls["auth"] + "/auth/jwks"), ports["users"])
        gateway = dict(database, **SERVICE_ENV, AUTH_SERVICE_URL=urls["auth"], USER_SERVICE_URL=urls["users"],
                       AUTH_JWKS_URL=urls["auth"] + "/auth/jwks", CACHEGATE_BASIC_CACHE_SECRET=os.urandom(16).hex())
        self.gateways = [Service(name, java + ["-jar", str(jars / "gateway.jar")],
                                 dict(gateway, SERVER_PORT=str(ports[name]), CACHEGATE_INSTANCE_ID=f"faults-{name}"),
                                 ports[name]) for name in ("g1", "g2")]
        log("faults: starting auth-service, user-service and two gateways (logs in perf/out/faults/)")
        self.auth.start()
        # The others at once: they only need auth-service's keys, fetched when first needed.
        for service in (self.users, *self.gateways):
            service.start(wait=False)
        for service in (self.users, *self.gateways):
            await_healthy(service.url, seconds=480, process=service.process)
        self.seed()

    def proxy(self, host, port):
        proxy = FaultProxy(host, port)
        proxy.start()
        self.proxies.append(proxy)
        return proxy

    def start_redis(self):
        self.redis_process = subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--maxmemory-policy", "noeviction"], stdout=open(FAULT_OUT / "redis.log", "a"), stderr=subprocess.STDOUT,
            start_new_session=True)
        deadline = time.time() + 10
        while self.redis("PING") != "PONG":
            if time.time() > deadline:
                raise SystemExit("the faults' redis-server did not start; see perf/out/faults/redis.log")
            time.sleep(0.1)

    def stop_redis(self):
        self.redis("SHUTDOWN", "NOSAVE")
        self.redis_process.wait(timeout=10)

    def redis(self, *command):
        return run(["redis-cli", "-p", str(self.redis_port), *command], capture=True, check=False).stdout.strip()

    def seed(self):
        users = self.args.users
        log(f"faults: seeding {users} users")
        env = {"POSTGRES_HOST": self.pg_host, "POSTGRES_PORT": str(self.pg_port), "POSTGRES_DB": self.database}
        run([str(ROOT / "perf" / "datagen"), "--schema", "perf/schemas/users.toml", "--rows", str(users),
             "--target", "postgres", "--quiet"], env=env)
        run([str(ROOT / "perf" / "datagen"), "--schema", "perf/schemas/users.toml", "--rows",
             str(users - RESERVED_USERS), "--target", "keys", "--keys", str(max(self.args.keys, 1000)), "--out",
             str(FAULT_OUT / "keys-zipf.txt"), "--quiet"])

    def token(self, limit=300):
        """An admin token; auth-service may refuse logins for a while after a fault: each refusal is noted."""
        deadline = time.time() + limit
        while True:
            status, _, body = http(self.auth.url + "/auth/token", "POST", {"Content-Type": "application/json"},
                                   json.dumps({"username": "admin", "password": self.admin_password}).encode(),
                                   timeout=30)
            if status == 200:
                return "Bearer " + json.loads(body)["access_token"]
            self.notes.append(f"before the row after {self.rows[-1]['name'] if self.rows else 'start'}: "
                              f"POST /auth/token answered {status}: {body[:160].decode(errors='replace')}")
            log(f"faults: {self.notes[-1]}")
            if time.time() > deadline:
                raise SystemExit(f"faults: no admin token within {limit} s ({status}): {body[:200]!r}")
            time.sleep(2)

    def fresh_account(self, bearer):
        """An account whose credentials no gateway has exchanged yet: a Basic read with it needs auth-service."""
        name, password = "probe" + os.urandom(4).hex(), "probe-" + os.urandom(9).hex()
        status, _, body = http(self.auth.url + "/auth/accounts", "POST",
                               {"Content-Type": "application/json", "Authorization": bearer},
                               json.dumps({"username": name, "email": f"{name}@bench.example", "password": password,
                                           "role": "USER"}).encode(), timeout=30)
        if status != 201:
            raise SystemExit(f"faults: could not make a probe account ({status}): {body[:200]!r}")
        return "Basic " + base64.b64encode(f"{name}:{password}".encode()).decode()

    def probed_ids(self, row):
        """The users a row's prober reads: PROBED_PER_ROW reserved ones of its own, never read before it."""
        first = self.args.users - RESERVED_USERS + 1 + row * PROBED_PER_ROW
        if first + PROBED_PER_ROW > self.args.users:
            raise SystemExit(f"faults: no reserved users left for row {row + 1} (RESERVED_USERS)")
        return range(first, first + PROBED_PER_ROW)

    def settle(self, bearer, read_ids):
        """Before a row: every service healthy, the row's probed users cached in both gateways, new entries stored."""
        for service in (self.auth, self.users, *self.gateways):
            await_healthy(service.url, seconds=480, process=service.process)
        deadline = time.time() + 60
        for gateway in self.gateways:
            for user in read_ids:
                for _ in range(2):
                    http(f"{gateway.url}/users/{user}", headers={"Authorization": bearer}, timeout=10)
            prober = Prober(gateway.url, bearer, ["fresh"], time.time(), 0)
            while not prober.probe("fresh")["stored"]:
                if time.time() > deadline:
                    raise SystemExit(f"faults: {gateway.name} does not store new entries before the row starts")
                time.sleep(1)

    def stop_all(self):
        for service in (*getattr(self, "gateways", []), getattr(self, "users", None), getattr(self, "auth", None)):
            if service is not None:
                service.stop()
        for proxy in self.proxies:
            proxy.close()
        if self.redis_process is not None and self.redis_process.poll() is None:
            self.stop_redis()

    # ---- the rows ----------------------------------------------------------------------------------------------

    def faults(self):
        """Each fault: title, goal, how it is injected and healed, the prober's kinds, what counts as recovered."""
        hold = self.args.fault_hold
        restart = self.args.fault_restart_limit
        read_ok = ("answers", "read", {200})
        return [
            ("redis-restart", "Redis stopped and restarted (its data lost)",
             [("no_errors",), ("no_stale",), read_ok, ("recovers", 15)],
             self.stop_redis, self.start_redis, ["read", "fresh", "write"], stored_again),
            ("redis-slow", "Redis slowed by 200 ms (proxy)",
             [("no_errors",), ("no_stale",), read_ok, ("within", "read", 1.0), ("recovers", 15)],
             lambda: self.redis_proxy.set_delay(0.2), lambda: self.redis_proxy.set_delay(0),
             ["read", "fresh", "write"], stored_again),
            ("redis-full", "Redis full (maxmemory reached, noeviction)",
             [("no_errors",), ("no_stale",), read_ok, ("recovers", 15)],
             self.fill_redis, lambda: self.redis("CONFIG", "SET", "maxmemory", "0"), ["read", "fresh", "write"],
             stored_again),
            ("postgres-stop", f"PostgreSQL stopped for {hold:g} s (proxy refuses)",
             [("no_stale",), read_ok, ("fails_with", "write", {503}), ("within", "write", 3.0), ("recovers", 15)],
             lambda: self.pg_proxy.set_mode("refuse"), lambda: self.pg_proxy.set_mode("pass"),
             ["read", "write"], written),
            ("auth-down", "auth-service down (killed, then started again)",
             [("no_errors",), ("no_stale",), read_ok, ("fails_with", "basic", {502, 503, 504}),
              ("within", "basic", 3.0), ("recovers", restart)],
             self.auth.kill, lambda: self.auth.start(wait=False), ["read", "basic"], answered("basic")),
            ("users-down", "user-service down (killed, then started again)",
             [("no_stale",), read_ok, ("fails_with", "fresh", {502, 503, 504}), ("within", "fresh", 3.0),
              ("within", "write", 3.0), ("recovers", restart)],
             self.users.kill, lambda: self.users.start(wait=False), ["read", "fresh", "write"], answered("fresh")),
            ("gateway-kill", "one of two gateways killed during writes (SIGKILL), then started again",
             [("no_errors",), ("no_stale",), ("consistent",), ("recovers", restart)],
             self.gateways[0].kill, lambda: self.gateways[0].start(wait=False), ["read"], answered("read")),
            ("redis-blackhole", "gateway cut off from Redis without a reset (black hole), then healed",
             [("no_errors",), ("no_stale",), read_ok, ("within", "read", 1.0), ("recovers", 15)],
             lambda: self.redis_proxy.set_mode("hold"), lambda: self.redis_proxy.set_mode("pass"),
             ["read", "fresh", "write"], stored_again),
        ]

    def fill_redis(self):
        used = int(self.redis("INFO", "memory").split("used_memory:")[1].split()[0])
        self.redis("CONFIG", "SET", "maxmemory", str(used))

    def selected(self):
        wanted = self.args.fault_only.split(",") if self.args.fault_only else None
        return [fault for fault in self.faults() if wanted is None or fault[0] in wanted]

    def run_all(self):
        for fault in self.selected():
            self.rows.append(self.run_row(*fault))
            row = self.rows[-1]
            missed = faultreport.unmet(row["goal"], row)
            log(f"faults: {row['name']}: errors {row['errors']}, stale {row['stale_reads']}, recovered "
                f"{row['recovery_s']} s; {'met' if not missed else 'NOT met: ' + '; '.join(missed)}")

    def run_row(self, name, title, goal, inject, heal, kinds, recovered):
        args = self.args
        log(f"faults: {name}")
        bearer = self.token()
        read_ids = self.probed_ids(len(self.rows))
        self.settle(bearer, read_ids)
        # One account per Basic probe, used once (the last one again when they run out): each probe is an exchange
        # at auth-service, never credentials the gateway already holds.
        basic = [self.fresh_account(bearer) for _ in range(int(args.fault_lead) + 15)] if "basic" in kinds else None
        lead, hold, tail = args.fault_lead, args.fault_hold, args.fault_tail
        duration = f"{int(lead + hold + tail)}s"
        g1, g2 = self.gateways
        loads = [("g1", g1)] + ([("g2", g2)] if name == "gateway-kill" else [])
        started = time.time()
        prober = Prober(g1.url, bearer, kinds, started, self.args.users, read_ids, basic)
        prober.start()
        # Two gateways' workloads write disjoint ids: each wrk's stale-read check knows only its own writes, and
        # would take the other's later write of an id for an older value.
        keys = [FAULT_OUT / "keys-zipf.txt"] if len(loads) == 1 else self.halves()
        runs = {label: self.wrk(gateway, bearer, duration, keys[index])
                for index, (label, gateway) in enumerate(loads)}
        time.sleep(lead)
        fault_start = time.time() - started
        inject()
        time.sleep(hold)
        heal()
        fault_end = time.time() - started
        results = {label: self.wrk_result(process) for label, process in runs.items()}
        deadline = time.time() + args.fault_restart_limit
        while faultreport.recovery_seconds(prober.probes, fault_end, recovered) is None and time.time() < deadline:
            time.sleep(1)
        prober.stop()
        judged = results["g2"] if name == "gateway-kill" else results["g1"]
        row = {"name": name, "title": title, "goal": goal, "probes": prober.probes, "fault_start": fault_start,
               "fault_end": fault_end, "errors": judged["non2xx"] + judged["socket_errors"],
               "stale_reads": judged.get("stale_reads", 0), "checked_reads": judged.get("checked_reads", 0),
               "recovery_s": faultreport.recovery_seconds(prober.probes, fault_end, recovered), "wrk": results}
        if name == "gateway-kill":
            row["mismatches"] = self.mismatches(g2, bearer)
        (FAULT_OUT / f"{name}.json").write_text(json.dumps(row, default=sorted, indent=1))
        return row

    def halves(self):
        """The key file split in two (split_keys), one file a half."""
        order = [int(line) for line in (FAULT_OUT / "keys-zipf.txt").read_text().split()]
        paths = []
        for index, half in enumerate(split_keys(order)):
            paths.append(FAULT_OUT / f"keys-half-{index + 1}.txt")
            paths[-1].write_text("".join(f"{i}\n" for i in half))
        return paths

    def wrk(self, gateway, bearer, duration, keys):
        env = {"AUTH": bearer, "KEYS_FILE": str(keys), "WRK_THREADS": "2",
               "CACHEGATE_WRK_DIR": str(ROOT / "perf" / "wrk"), "WRITE_PERCENT": "5"}
        command = wrk.command(gateway.url, "mixed-read-write.lua", 2, self.args.fault_connections, duration)
        return subprocess.Popen(command, cwd=ROOT, env=dict(os.environ, **env), stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)

    @staticmethod
    def wrk_result(process):
        output, _ = process.communicate(timeout=900)
        return wrk.parse_result(output)

    def mismatches(self, gateway, bearer):
        """Users whose version at the gateway differs from user-service's once writes have stopped."""
        ids = sorted({int(line) for line in (FAULT_OUT / "keys-zipf.txt").read_text().split()})[:500]
        wrong = 0
        for user in ids:
            through = http(f"{gateway.url}/users/{user}", headers={"Authorization": bearer}, timeout=10)
            direct = http(f"{self.users.url}/users/{user}", headers={"Authorization": bearer}, timeout=10)
            if through[0] != direct[0] or through[1].get("ETag") != direct[1].get("ETag"):
                wrong += 1
        return wrong

    def write(self, path):
        args = self.args
        text = "\n".join([
            "# Cachegate under faults", "",
            f"Written by `perf/bench --faults --users {args.users} --keys {args.keys} --fault-lead {args.fault_lead:g} "
            f"--fault-hold {args.fault_hold:g} --fault-tail {args.fault_tail:g} --fault-connections "
            f"{args.fault_connections} --fault-restart-limit {args.fault_restart_limit:g}"
            f"{' --fault-only ' + args.fault_only if args.fault_only else ''}` on "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.", "",
            f"Each row: wrk's mixed-read-write.lua (95% reads, 5% writes, stale reads counted) through a gateway with "
            f"{args.fault_connections} connections for {args.fault_lead + args.fault_hold + args.fault_tail:g} s; the "
            f"fault injected after {args.fault_lead:g} s for {args.fault_hold:g} s; a prober beside the load. Time to "
            "recover: from the end of the fault (the restart command, for a killed process) to the first answer that "
            "shows the row's recovery (a new entry stored and hit for Redis, a write accepted for PostgreSQL, a Basic "
            "exchange for auth-service, a miss answered for user-service, the restarted gateway answering).", "",
            faultreport.table(self.rows), ""] + [f"- {note}" for note in self.notes] + ([""] if self.notes else []))
        path.write_text(text)
        return text


def run_faults(bench_args, output):
    bench = FaultBench(bench_args)
    try:
        bench.start()
        bench.run_all()
    finally:
        bench.stop_all()
    text = bench.write(output)
    print(text)
    return [row for row in bench.rows if faultreport.unmet(row["goal"], row)]
