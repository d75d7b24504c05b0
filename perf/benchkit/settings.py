"""Paths, ports and the settings every service measured runs with."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "perf" / "out"
STATE = ROOT / ".cachegate"
READING = ROOT / "perf" / "performance-reading.md"
UNCACHED_PORT, NGINX_PORT, CEILING_PORT, L1_PORT, SHIPPED_PORT, NGINX_SHIPPED_PORT = 8889, 8890, 8891, 8892, 8893, 8894
# The same for every cache measured: entries live an hour (user-service's targeted Cache-Control; nginx's
# proxy_cache_valid), so none expires between the repetitions of a run; no access log (nginx has it off too).
ENTRY_LIFETIME_SECONDS = 3600
BEARER_REFRESH_SECONDS = 300
BENCH_SERVICE_ENV = {"CACHEGATE_USERS_CACHE_CONTROL": f"max-age={ENTRY_LIFETIME_SECONDS}",
                     "CACHEGATE_CACHE_ROUTES_USERS_MAX_TTL": f"{ENTRY_LIFETIME_SECONDS}s",
                     "LOGGING_LEVEL_CACHEGATE_ACCESS": "WARN",
                     # One token drives every scenario at thousands of requests a second: the per-caller limit is
                     # raised out of the way, not switched off, so its Redis call on misses and writes is still measured.
                     "CACHEGATE_RATE_LIMIT_REPLENISH_RATE": "1000000", "CACHEGATE_RATE_LIMIT_BURST_CAPACITY": "2000000"}
