#!/usr/bin/env bash
# Purpose: the bulk-import benchmark, whose numbers are in perf/README.md ("Bulk import"): rows/s for a
# 1M-row CSV (perf/schemas/users-import.toml, ~12% invalid or duplicate rows) posted to POST /users/import through
# the gateway, with one and then two user-service instances sharing the parts. rows/s = rows / (upload start to
# last part committed), read from GET /imports/{id} (elapsedMillis). The table is emptied before each run.
# Usage:   perf/import-benchmark.sh [rows] [instances...]     (from anywhere; default: 1000000 rows, runs "1 2")
# Needs:   java 17, curl, openssl, psql/createdb/dropdb, the jars (./mvnw -B -q -DskipTests package -pl
#          auth-service,user-service,gateway), PostgreSQL at $POSTGRES_HOST:$POSTGRES_PORT (127.0.0.1:5432) and Redis
#          at redis://127.0.0.1:6379 (logical database 4, stream cachegate:imports:bench). Ports 28081 (auth),
#          28082/28083 (user-service), 28888 (gateway), so it does not collide with a running ./run stack.
#          Set BENCH_DIRECT=1 to post straight to user-service instead of through the gateway; USERS_JAR, AUTH_JAR,
#          GATEWAY_JAR point at other jars (e.g. copies, so a rebuild during the run does not swap them).
set -euo pipefail

perf_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(dirname "$perf_dir")"
rows="${1:-1000000}"
shift || true
runs=("${@:-1 2}")
# shellcheck disable=SC2206
runs=(${runs[*]})
host="${POSTGRES_HOST:-127.0.0.1}"
port="${POSTGRES_PORT:-5432}"
user="${POSTGRES_USER:-postgres}"
db=cg_import_bench
logs="${BENCH_LOGS:-/tmp/import-bench}"
redis="redis://127.0.0.1:6379/4"
stream="cachegate:imports:bench"
mkdir -p "$logs"
cd "$root_dir"

pg() { PGPASSWORD="${POSTGRES_PASSWORD:-}" "$@" -h "$host" -p "$port" -U "$user"; }
note() { echo "== $*"; }
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

await_health() {
	for _ in $(seq 1 180); do
		curl -fs "http://127.0.0.1:$1/actuator/health" >/dev/null 2>&1 && return 0
		sleep 1
	done
	echo "port $1 did not become healthy; see $logs" >&2
	exit 1
}

common_env() {
	echo POSTGRES_HOST="$host" POSTGRES_PORT="$port" POSTGRES_DB="$db" POSTGRES_USER="$user" \
		POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-}" REDIS_URL="$redis" AUTH_JWKS_URL=http://127.0.0.1:28081/auth/jwks \
		CACHEGATE_IMPORT_STREAM="$stream" CACHEGATE_IMPORT_DEAD_LETTER_STREAM="$stream:dead" \
		CACHEGATE_EVENTS_STREAM=cachegate:changes:bench LOG_LEVEL=WARN
}

start_users() { # port consumer
	env $(common_env) SERVER_PORT="$1" CACHEGATE_IMPORT_CONSUMER="$2" \
		java -Xmx512m -jar "${USERS_JAR:-user-service/target/user-service.jar}" >"$logs/user-service-$1.log" 2>&1 &
	pids+=($!)
}

for p in 28081 28082 28083 28888; do
	if curl -s -o /dev/null "http://127.0.0.1:$p/"; then
		echo "port $p is taken; stop what listens there first" >&2
		exit 1
	fi
done
note "machine: $(nproc) cores shared with other work, load average $(cut -d' ' -f1-3 /proc/loadavg)"
file="$logs/users-import-$rows.csv"
if [[ ! -s "$file" ]]; then
	note "generating $file"
	perf/datagen --schema perf/schemas/users-import.toml --rows "$rows" --target csv --out "$file"
fi
note "file: $(du -h "$file" | cut -f1), $(($(wc -l <"$file") - 1)) lines after the header"

pg dropdb --if-exists "$db"
pg createdb "$db"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$logs/jwt.pem" 2>/dev/null
password="bench-$(openssl rand -hex 8)"
env $(common_env) SERVER_PORT=28081 CACHEGATE_JWT_KEY_FILE="$logs/jwt.pem" CACHEGATE_ADMIN_PASSWORD="$password" \
	java -Xmx256m -jar "${AUTH_JAR:-auth-service/target/auth-service.jar}" >"$logs/auth-service.log" 2>&1 &
pids+=($!)
# The gateway jar as built; the imports route (application.yml, uncached, ahead of users) is given on the command
# line too, so the benchmark does not depend on which gateway build is in target/.
env REDIS_URL="redis://127.0.0.1:6379/4" AUTH_SERVICE_URL=http://127.0.0.1:28081 \
	USER_SERVICE_URL=http://127.0.0.1:28082 AUTH_JWKS_URL=http://127.0.0.1:28081/auth/jwks CACHEGATE_EVENTS_ENABLED=false \
	SERVER_PORT=28888 LOG_LEVEL=WARN java -Xmx256m -jar "${GATEWAY_JAR:-gateway/target/gateway.jar}" \
	--spring.cloud.gateway.server.webflux.routes[0].id=imports \
	--spring.cloud.gateway.server.webflux.routes[0].uri=http://127.0.0.1:28082 \
	--spring.cloud.gateway.server.webflux.routes[0].order=-1 \
	--spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/imports/**,/users/import \
	--spring.cloud.gateway.server.webflux.routes[0].metadata.response-timeout=120000 \
	--spring.cloud.gateway.server.webflux.routes[1].id=auth \
	--spring.cloud.gateway.server.webflux.routes[1].uri=http://127.0.0.1:28081 \
	--spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/auth/**,/.well-known/** \
	>"$logs/gateway.log" 2>&1 &
pids+=($!)
start_users 28082 bench-a
await_health 28081
await_health 28082
await_health 28888
base="http://127.0.0.1:28888"
[[ "${BENCH_DIRECT:-0}" == 1 ]] && base="http://127.0.0.1:28082"
token() {
	curl -fs -u "admin:$password" -X POST http://127.0.0.1:28888/auth/token | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

for instances in "${runs[@]}"; do
	if [[ "$instances" -ge 2 && ! -s "$logs/.second" ]]; then
		start_users 28083 bench-b
		await_health 28083
		echo started >"$logs/.second"
	fi
	pg psql -q -d "$db" -c "truncate users.users, users.imports cascade; truncate users.outbox" >/dev/null 2>&1 \
		|| pg psql -q -d "$db" -c "truncate users.users, users.imports cascade" >/dev/null
	note "run: $rows rows, $instances user-service instance(s), through ${base}"
	started=$(date +%s.%N)
	answer=$(curl -s -w ' %{http_code} %{time_total}' -H "Authorization: Bearer $(token)" -H 'Content-Type: text/csv' \
		--data-binary @"$file" "$base/users/import")
	echo "upload answer: $answer"
	id=$(echo "$answer" | sed -E 's/.*"importId":"([^"]+)".*/\1/')
	while :; do
		status=$(curl -s -H "Authorization: Bearer $(token)" "$base/imports/$id")
		case "$status" in *'"status":"completed"'* | *'"status":"failed"'*) break ;; esac
		sleep 1
	done
	finished=$(date +%s.%N)
	echo "$status" | sed -E 's/"examples":\[[^]]*(\][^]]*)*\],?//' | cut -c1-900
	elapsed=$(echo "$status" | sed -E 's/.*"elapsedMillis":([0-9]+).*/\1/')
	echo "result: instances=$instances rows=$rows elapsed_ms=$elapsed rows_per_s=$((rows * 1000 / elapsed)) wall_s=$(echo "$finished - $started" | bc)"
	pg psql -At -d "$db" -c "select worker, count(*), sum(rows), round(avg(extract(epoch from finished_at - started_at))::numeric, 2) from users.import_ledger group by worker"
done
rm -f "$logs/.second"

# The data generator has no file-upload target (its http target POSTs one JSON body per row): pipe its CSV into
# curl. `-T -` streams stdin as a chunked body (curl's `--data-binary @-` would read it all into memory first).
note "pipe: perf/datagen --target csv --out - | curl -T - -X POST (20,000 rows, streamed)"
answer=$(perf/datagen --schema perf/schemas/users-import.toml --rows 20000 --seed 11 --target csv --out - 2>/dev/null \
	| curl -s -T - -X POST -H "Authorization: Bearer $(token)" -H 'Content-Type: text/csv' "$base/users/import")
echo "upload answer: $answer"
id=$(echo "$answer" | sed -E 's/.*"importId":"([^"]+)".*/\1/')
for _ in $(seq 1 120); do
	status=$(curl -s -H "Authorization: Bearer $(token)" "$base/imports/$id")
	case "$status" in *'"status":"completed"'* | *'"status":"failed"'*) break ;; esac
	sleep 1
done
echo "$status" | sed -E 's/.*("status":"[a-z]+").*("rows":\{[^}]*\}).*/\1 \2/'
