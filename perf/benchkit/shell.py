"""Running commands, HTTP, waiting for health, and the tools the harness needs."""
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from .settings import ROOT


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(command, env=None, check=True, capture=False, timeout=None, cwd=ROOT):
    merged = dict(os.environ, **(env or {}))
    result = subprocess.run(command, cwd=cwd, env=merged, text=True, timeout=timeout,
                            stdout=subprocess.PIPE if capture else None, stderr=subprocess.STDOUT if capture else None)
    if check and result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(map(str, command))}\n{result.stdout or ''}")
    return result


def ensure_tools(faults=False):
    wanted = {"wrk": "wrk", "nginx": "nginx-light", "redis-benchmark": "redis-tools", "redis-cli": "redis-tools",
              "psql": "postgresql-client"}
    if faults:
        # The fault matrix compares with nothing, and starts a Redis of its own.
        wanted = {"wrk": "wrk", "redis-cli": "redis-tools", "redis-server": "redis-server",
                  "psql": "postgresql-client", "openssl": "openssl"}
    missing = sorted({package for tool, package in wanted.items() if shutil.which(tool) is None
                      and not Path("/usr/sbin", tool).exists()})
    if not missing:
        return
    if os.geteuid() != 0:
        raise SystemExit(f"missing tools; install them with: sudo apt-get install -y {' '.join(missing)}")
    log(f"installing {' '.join(missing)}")
    run(["apt-get", "update", "-qq"])
    run(["apt-get", "install", "-y", "-qq", *missing], env={"DEBIAN_FRONTEND": "noninteractive"})


def http(url, method="GET", headers=None, data=None, timeout=5):
    request = urllib.request.Request(url, method=method, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None, {}, b""


def await_healthy(base_url, seconds=180, process=None):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"process for {base_url} exited with {process.returncode}")
        if http(base_url + "/actuator/health", timeout=2)[0] == 200:
            return
        time.sleep(0.5)
    raise SystemExit(f"{base_url} was not healthy within {seconds}s")


def read_env_file(path):
    values = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Z0-9_]+)='(.*)'$", line)
        if match:
            values[match.group(1)] = match.group(2).replace("'\\''", "'")
    return values


def pid_listening(port):
    output = run(["ss", "-ltnpH", f"sport = :{port}"], capture=True, check=False).stdout
    match = re.search(r"pid=(\d+)", output)
    return int(match.group(1)) if match else None
