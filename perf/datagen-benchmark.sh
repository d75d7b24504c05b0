#!/usr/bin/env bash
# Purpose: the data generator's benchmark, whose numbers are in perf/README.md: rows/s for 1M users to CSV
# and into PostgreSQL (COPY into users.users with user-service's DDL, in a fresh database), beside
# `pgbench -i -s 10` (1M pgbench_accounts rows) as the bulk-loading ceiling on the same server, and a 10M-row
# CSV run with -Xmx256m that logs the used heap every 2 s (and samples `jcmd GC.heap_info`) to show it stays flat.
# Usage:   perf/datagen-benchmark.sh [all|csv|postgres|pgbench|heap]     (from anywhere; default all)
# Needs:   java 17, psql/createdb/dropdb/pgbench, a PostgreSQL at $POSTGRES_HOST:$POSTGRES_PORT (127.0.0.1:5432)
#          that $POSTGRES_USER (postgres) may create databases on. Logs go to ${BENCH_LOGS:-/tmp/datagen-bench}.
set -euo pipefail

perf_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root_dir="$(dirname "$perf_dir")"
host="${POSTGRES_HOST:-127.0.0.1}"
port="${POSTGRES_PORT:-5432}"
user="${POSTGRES_USER:-postgres}"
logs="${BENCH_LOGS:-/tmp/datagen-bench}"
what="${1:-all}"
mkdir -p "$logs"
cd "$root_dir"

pg() { PGPASSWORD="${POSTGRES_PASSWORD:-}" "$@" -h "$host" -p "$port" -U "$user"; }
note() { echo "== $*"; }

note "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -1)"
perf/datagen --schema perf/schemas/users.toml --validate

if [[ "$what" == all || "$what" == pgbench ]]; then
	note "pgbench -i -s 10 (1,000,000 pgbench_accounts rows) into a fresh database"
	pg dropdb --if-exists cg_bench_pgbench
	pg createdb cg_bench_pgbench
	start=$(date +%s.%N)
	pg pgbench -i -s 10 cg_bench_pgbench 2>&1 | tail -1
	echo "pgbench -i wall time: $(echo "$(date +%s.%N) - $start" | bc) s"
	pg dropdb cg_bench_pgbench
fi

if [[ "$what" == all || "$what" == csv ]]; then
	for run in 1 2 3; do
		note "1M users to CSV, run $run (file written, then deleted)"
		/usr/bin/time -f "wall %e s, cpu user %U s, sys %S s, max RSS %M KB" \
			perf/datagen --schema perf/schemas/users.toml --rows 1000000 --target csv --out "$logs/users-1m.csv" \
			--progress-interval 60 2>&1 | grep -v '^datagen: [0-9]*/'
		rm -f "$logs/users-1m.csv"
	done
fi

if [[ "$what" == all || "$what" == postgres ]]; then
	ddl=perf/src/test/resources/users-table.sql
	fresh_table() { # $1 = full (user-service's DDL) or pk (primary key only, no secondary indexes)
		pg dropdb --if-exists cg_bench_datagen 2>/dev/null
		pg createdb cg_bench_datagen
		if [[ "$1" == full ]]; then pg psql -q -d cg_bench_datagen -f "$ddl"; else grep -v '^create.*index' "$ddl" | pg psql -q -d cg_bench_datagen; fi
	}
	for table in full pk; do
		for batch in 1000 10000; do
			note "1M users into PostgreSQL users.users by COPY, batch size $batch, fresh database, table: $table"
			fresh_table "$table"
			/usr/bin/time -f "wall %e s, cpu user %U s, sys %S s, max RSS %M KB" \
				perf/datagen --schema perf/schemas/users.toml --rows 1000000 --target postgres --batch-size "$batch" \
				--jdbc-url "jdbc:postgresql://$host:$port/cg_bench_datagen" --progress-interval 60 2>&1 | grep -v '^datagen: [0-9]*/'
			pg psql -d cg_bench_datagen -tA -c "select 'rows in users.users: ' || count(*) || ', next id: ' || nextval(pg_get_serial_sequence('users.users', 'id')) from users.users"
		done
		note "for comparison: psql \\copy of the same 1M users from a CSV file datagen wrote before, table: $table"
		perf/datagen --schema perf/schemas/users.toml --rows 1000000 --out "$logs/users-1m.csv" --quiet
		fresh_table "$table"
		/usr/bin/time -f "wall %e s" env PGPASSWORD="${POSTGRES_PASSWORD:-}" psql -h "$host" -p "$port" -U "$user" -d cg_bench_datagen -c "\\copy users.users (id, username, email, first_name, last_name, birth_date, tax_id, phone, city) from '$logs/users-1m.csv' with (format csv, header true)"
		rm -f "$logs/users-1m.csv"
	done
	pg dropdb cg_bench_datagen
fi

if [[ "$what" == all || "$what" == heap ]]; then
	note "10M users to CSV on /dev/null with -Xmx256m; heap logged every 1 s, jcmd GC.heap_info every 3 s, GC log"
	DATAGEN_JAVA_OPTS="-Xmx256m -Xlog:gc:file=$logs/gc-10m.log" perf/datagen --schema perf/schemas/users.toml \
		--rows 10000000 --target csv --out /dev/null --progress-interval 1 2>"$logs/heap-10m.log" &
	script_pid=$!
	sleep 3
	java_pid=$(pgrep -f -n 'datagen.jar --schema perf/schemas/users.toml --rows 10000000' || true)
	: >"$logs/heap-info-10m.log"
	while kill -0 "$script_pid" 2>/dev/null; do
		if [[ -n "$java_pid" ]]; then
			{ date +%T; jcmd "$java_pid" GC.heap_info 2>/dev/null | grep -E 'garbage-first heap|region size|Metaspace' || true; } \
				>>"$logs/heap-info-10m.log"
		fi
		sleep 3
	done
	wait "$script_pid"
	cat "$logs/heap-10m.log"
	echo "-- jcmd GC.heap_info samples ($logs/heap-info-10m.log):"
	grep -A0 'garbage-first heap' "$logs/heap-info-10m.log" | sed 's/^ */  /'
	echo "-- heap after each young GC ($logs/gc-10m.log): count, then first 5 and last 5"
	grep -c 'Pause Young' "$logs/gc-10m.log" || true
	grep 'Pause Young' "$logs/gc-10m.log" | head -5
	grep 'Pause Young' "$logs/gc-10m.log" | tail -5
fi
