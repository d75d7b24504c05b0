"""The stack under test: joined when it runs, else started; the extra gateways beside it, the fixed-body ceiling,
and what the harness reads from its PostgreSQL and Redis."""
import os
import re
import shutil
import signal
import subprocess
import time

from . import nginx
from .settings import (BENCH_SERVICE_ENV, CEILING_PORT, L1_PORT, NGINX_PORT, NGINX_SHIPPED_PORT, OUT, ROOT,
                       SHIPPED_PORT, STATE, UNCACHED_PORT)
from .shell import await_healthy, http, log, read_env_file, run


class Stack:

    def __init__(self):
        self.processes = []
        self.env = None

    def start(self, use_running, ports=None, launcher_args=(), database="cachegate_bench", extra_env=None):
        env_file = STATE / "stack.env"
        if use_running and env_file.exists():
            stack = read_env_file(env_file)
            if http(f"http://127.0.0.1:{stack['CACHEGATE_GATEWAY_PORT']}/actuator/health")[0] == 200:
                log("joining the running stack described by .cachegate/stack.env")
                self.env = stack
                return
        if env_file.exists():
            env_file.unlink()
        launcher = ROOT / "stack" / "target" / "stack-0.1.0-SNAPSHOT-launcher.jar"
        # A stack of its own: other ports than a developer's ./run, a fresh database (so the admin is the one made
        # now, with a password known here) when the configured PostgreSQL answers; else the launcher's embedded one.
        env = {"CACHEGATE_AUTH_PORT": "18081", "CACHEGATE_USERS_PORT": "18082", "CACHEGATE_GATEWAY_PORT": "18888",
               **(ports or {}), "CACHEGATE_ADMIN_PASSWORD": "bench-" + os.urandom(9).hex(), **BENCH_SERVICE_ENV,
               **(extra_env or {})}
        if self.fresh_database(database):
            env["POSTGRES_DB"] = database
        log("starting the stack (logs in .cachegate/logs/)")
        OUT.mkdir(parents=True, exist_ok=True)
        process = subprocess.Popen(["java", "-jar", str(launcher), *launcher_args], cwd=ROOT,
                                   stdout=open(OUT / "stack.log", "w"), stderr=subprocess.STDOUT,
                                   start_new_session=True, env=dict(os.environ, **env))
        self.processes.append(process)
        deadline = time.time() + 300
        while not env_file.exists():
            if process.poll() is not None or time.time() > deadline:
                raise SystemExit("the stack did not start; see perf/out/stack.log and .cachegate/logs/")
            time.sleep(1)
        self.env = read_env_file(env_file)

    @staticmethod
    def fresh_database(name):
        """Drops and makes the benchmark's database on the configured PostgreSQL; False when none answers."""
        env = {"PGPASSWORD": os.environ.get("POSTGRES_PASSWORD", ""), "PGCONNECT_TIMEOUT": "3"}
        base = ["psql", "-q", "-h", os.environ.get("POSTGRES_HOST", "127.0.0.1"), "-p",
                os.environ.get("POSTGRES_PORT", "5432"), "-U", os.environ.get("POSTGRES_USER", "postgres"), "-d",
                os.environ.get("POSTGRES_DB", "postgres"), "-c"]
        if run(base + ["SELECT 1"], env=env, check=False, capture=True).returncode != 0:
            return False
        run(base + [f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], env=env, capture=True)
        run(base + [f"CREATE DATABASE {name}"], env=env, capture=True)
        return True

    def url(self, name):
        port = {"auth": self.env["CACHEGATE_AUTH_PORT"], "users": self.env["CACHEGATE_USERS_PORT"],
                "gateway": self.env["CACHEGATE_GATEWAY_PORT"], "uncached": UNCACHED_PORT, "nginx": NGINX_PORT,
                "no-l1": L1_PORT, "shipped": SHIPPED_PORT, "nginx-shipped": NGINX_SHIPPED_PORT,
                "ceiling": CEILING_PORT}[name]
        return f"http://127.0.0.1:{port}"

    def background(self, name, command, env=None):
        OUT.mkdir(parents=True, exist_ok=True)
        process = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ, **(env or {})),
                                   stdout=open(OUT / f"{name}.log", "w"), stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.processes.append(process)
        return process

    def start_uncached_gateway(self):
        env = dict(self.env, **BENCH_SERVICE_ENV, SERVER_PORT=str(UNCACHED_PORT),
                   CACHEGATE_CACHE_ROUTES_USERS_ENABLED="false")
        process = self.background("gateway-uncached", ["java", "-Xmx512m", "-jar", "gateway/target/gateway.jar"], env)
        await_healthy(self.url("uncached"), process=process)

    def start_redis_only_gateway(self):
        """The same cache without the in-process near cache (L1): every hit is one Redis round trip."""
        env = dict(self.env, **BENCH_SERVICE_ENV, SERVER_PORT=str(L1_PORT), CACHEGATE_CACHE_NEAR_ENABLED="false",
                   CACHEGATE_INSTANCE_ID=f"bench-no-l1:{L1_PORT}")
        process = self.background("gateway-no-l1", ["java", "-Xmx512m", "-jar", "gateway/target/gateway.jar"], env)
        await_healthy(self.url("no-l1"), process=process)

    def start_shipped_gateway(self):
        """The cached gateway as an operator runs it: its access log on (the other gateways here turn it off)."""
        env = dict(self.env, **{k: v for k, v in BENCH_SERVICE_ENV.items() if k != "LOGGING_LEVEL_CACHEGATE_ACCESS"},
                   SERVER_PORT=str(SHIPPED_PORT), CACHEGATE_INSTANCE_ID=f"bench-shipped:{SHIPPED_PORT}")
        process = self.background("gateway-shipped", ["java", "-Xmx512m", "-jar", "gateway/target/gateway.jar"], env)
        await_healthy(self.url("shipped"), process=process)

    def start_ceiling(self, body):
        classpath = OUT / "ceiling.classpath"
        if not classpath.exists():
            # With the modules it needs in the same build (-am, compiled only): on a fresh machine they are in no
            # local repository, and the jars under test must not be rewritten while gateways run from them.
            run(["./mvnw", "-B", "-q", "-pl", "gateway", "-am", "compile", "dependency:build-classpath",
                 "-Dmdep.outputFile=target/runtime.classpath", "-Dmdep.includeScope=runtime"])
            shutil.copyfile(ROOT / "gateway" / "target" / "runtime.classpath", classpath)
        (OUT / "ceiling-body.json").write_bytes(body)
        process = self.background("ceiling", ["java", "-Xmx256m", "-cp", classpath.read_text().strip(),
                                              str(ROOT / "perf" / "bench-support" / "FixedBodyServer.java"),
                                              str(CEILING_PORT), str(OUT / "ceiling-body.json")])
        deadline = time.time() + 60
        while http(self.url("ceiling") + "/users/1")[0] != 200:
            if process.poll() is not None or time.time() > deadline:
                raise SystemExit("the fixed-body server did not start; see perf/out/ceiling.log")
            time.sleep(0.5)

    def stop_all(self):
        nginx.stop()
        for process in reversed(self.processes):
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                    process.wait(timeout=20)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    os.killpg(process.pid, signal.SIGKILL)

    # ---- what the harness reads and clears --------------------------------------------------------------------

    def psql(self, sql):
        env = {"PGPASSWORD": self.env.get("POSTGRES_PASSWORD", "")}
        return run(["psql", "-v", "ON_ERROR_STOP=1", "-q", "-t", "-h", self.env["POSTGRES_HOST"], "-p",
                    self.env["POSTGRES_PORT"], "-U", self.env["POSTGRES_USER"], "-d", self.env["POSTGRES_DB"],
                    "-c", sql], env=env, capture=True).stdout.strip()

    def redis_cli(self, *command):
        return run(["redis-cli", "-u", self.env["REDIS_URL"], *command], capture=True).stdout.strip()

    def flush_gateway_cache(self):
        # The seed bypasses the API, so entries cached before it may be stale: drop the gateway's keys only.
        run(["bash", "-c", f"redis-cli -u '{self.env['REDIS_URL']}' --scan --pattern 'cg:*' "
                           f"| xargs -r -n 500 redis-cli -u '{self.env['REDIS_URL']}' del > /dev/null"])

    def gateway_entries(self):
        output = run(["bash", "-c", f"redis-cli -u '{self.env['REDIS_URL']}' --scan --pattern 'cg:{{users}}:e:*' "
                                    "| wc -l"], capture=True).stdout.strip()
        return int(output or 0)

    def redis_info(self, field):
        info = self.redis_cli("INFO", "memory")
        return re.search(rf"^{field}:(\d+)", info, re.M).group(1)
