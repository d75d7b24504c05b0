#!/usr/bin/env bash
# Purpose: runs the public HTTP caching conformance suite (https://cache-tests.fyi, npm package http-cache-tests)
# against a public route of the gateway set up as docs/public-routes.md describes (no credentials, default-ttl 0,
# everything else at its defaults), and prints the suite's results as required passed / scored / not scored
# (docs/public-routes.md, "Conformance", says what each counts).
# Usage:   perf/cache-tests/run.sh [test-id]     (from anywhere; a test id runs that test alone and shows its exchange)
# Needs:   java 17, node and npm (the suite is installed at run time into $CACHE_TESTS_DIR, /tmp/cachegate-cache-tests by
#          default, never into the repository), curl, the gateway jar (./mvnw -B -q -DskipTests package -pl gateway -am),
#          a Redis at $REDIS_URL (redis://127.0.0.1:6379; the gateway's entries land in its database 0, so use a Redis
#          of your own). Ports: $ORIGIN_PORT (18391) for the suite's origin, $GATEWAY_PORT (18891) for the gateway.
#          The results (JSON, the suite's format) go to $CACHE_TESTS_DIR/results.json, the gateway's log beside it.
#          The per-caller rate limit is off unless CACHEGATE_RATE_LIMIT_ENABLED=true: the suite sends its tests 100 at a
#          time from one address, past the limit's burst of 100, and its 429s would count as failed set-ups, which
#          measure the limiter, not the cache.
set -euo pipefail

perf_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(dirname "$(dirname "$perf_dir")")"
suite_version="${CACHE_TESTS_VERSION:-0.4.5}"
work="${CACHE_TESTS_DIR:-/tmp/cachegate-cache-tests}"
origin_port="${ORIGIN_PORT:-18391}"
gateway_port="${GATEWAY_PORT:-18891}"
redis_url="${REDIS_URL:-redis://127.0.0.1:6379}"
jar="${GATEWAY_JAR:-$root_dir/gateway/target/gateway.jar}"
test_id="${1:-}"

[[ -f "$jar" ]] || { echo "no gateway jar at $jar: ./mvnw -B -q -DskipTests package -pl gateway -am" >&2; exit 2; }
mkdir -p "$work"
suite="$work/node_modules/http-cache-tests"
if [[ "$(node -p "try { require('$suite/package.json').version } catch (e) { '' }")" != "$suite_version" ]]; then
	(cd "$work" && npm install --no-audit --no-fund --silent "http-cache-tests@$suite_version")
fi

cat >"$work/public-route.yml" <<YAML
spring:
  cloud:
    gateway:
      server:
        webflux:
          routes:
            - id: cachetests
              uri: http://127.0.0.1:$origin_port
              predicates:
                - Path=/test/**,/config/**,/state/**
              filters:
                - Cache
cachegate:
  cache:
    routes:
      cachetests:
        default-ttl: 0s
        vary-by-role: false
        targeted-fields: CDN-Cache-Control,Surrogate-Control
YAML

pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# The suite reads its settings as npm passes them (npm_config_*, else npm_package_config_*).
export npm_config_port="$origin_port" npm_config_protocol=http npm_config_pidfile="$work/origin.pid"
export npm_config_base="http://127.0.0.1:$gateway_port" npm_config_id="$test_id" npm_package_config_id=''
(cd "$suite" && exec node server/server.mjs) >"$work/origin.log" 2>&1 &
pids+=($!)

CACHEGATE_AUTH_PUBLIC_PATHS='POST /auth/token,/auth/jwks,/.well-known/jwks.json,GET /actuator/health,GET /actuator/health/**,GET /actuator/info,GET /v3/api-docs/**,GET /swagger-ui.html,GET /swagger-ui/**,GET /webjars/swagger-ui/**,/test/**,/config/**,/state/**' \
	SERVER_PORT="$gateway_port" REDIS_URL="$redis_url" CACHEGATE_RATE_LIMIT_ENABLED="${CACHEGATE_RATE_LIMIT_ENABLED:-false}" \
	java ${GATEWAY_JAVA_OPTS:-} -jar "$jar" --spring.config.additional-location="file:$work/public-route.yml" \
	>"$work/gateway.log" 2>&1 &
pids+=($!)

for _ in $(seq 1 120); do
	if curl -fsS -m 2 "http://127.0.0.1:$gateway_port/actuator/health" >/dev/null 2>&1 &&
		curl -sS -m 2 -o /dev/null "http://127.0.0.1:$origin_port/" 2>/dev/null; then
		break
	fi
	sleep 1
done
curl -fsS -m 2 "http://127.0.0.1:$gateway_port/actuator/health" >/dev/null || { echo "the gateway did not start: $work/gateway.log" >&2; exit 1; }

cd "$suite"
if [[ -n "$test_id" ]]; then
	node --no-warnings cli.mjs
	exit 0
fi
# A first pass warms the gateway up, unmeasured: a cold JVM under the suite's 100 tests at a time misses the Redis
# timeout (100 ms), its circuit breaker opens and the gateway answers from the origin (BYPASS, by design), which
# would measure the machine's start-up, not the cache. CACHE_TESTS_WARMUP=0 measures the cold gateway.
if [[ "${CACHE_TESTS_WARMUP:-1}" != 0 ]]; then
	node --no-warnings cli.mjs >/dev/null
fi
log_start=$(($(wc -l <"$work/gateway.log") + 1))
node --no-warnings cli.mjs >"$work/results.json"
# How the measured pass was answered (a BYPASS means Redis was not asked, see gateway/CACHE.md).
tail -n +"$log_start" "$work/gateway.log" | grep -o ' cache=[A-Z]*' | sort | uniq -c | tr -s ' \n' ' ' >&2
echo >&2
node "$perf_dir/summary.mjs" "$suite" "$work/results.json"
