-- Bulk imports. An upload is cut into parts stored here, so that a worker in any instance can read
-- them; a Redis Stream only carries (import id, part number). The ledger holds one row per finished part, written
-- in the same transaction as that part's users: a part whose ledger row exists is never inserted again.
create table users.imports (
	id uuid primary key,
	owner varchar(128) not null,
	idempotency_key varchar(255) null,
	format varchar(16) not null,
	file_name varchar(255) null,
	columns text[] not null default '{}',
	-- receiving (upload in progress), queued, running, completed, failed
	status varchar(16) not null,
	parts_total integer null,
	rows_read bigint null,
	created_at timestamptz not null default now(),
	received_at timestamptz null,
	started_at timestamptz null,
	finished_at timestamptz null
);

-- The same key from the same caller names the same import (Idempotency-Key on the upload).
create unique index imports_owner_idempotency_key on users.imports (owner, idempotency_key)
	where idempotency_key is not null;
create index imports_created_at_idx on users.imports (created_at desc);

-- The raw records of one part, each with the file line it started on. Deleted with the part's ledger row.
create table users.import_parts (
	import_id uuid not null references users.imports (id) on delete cascade,
	part_no integer not null,
	lines bigint[] not null,
	records text[] not null,
	primary key (import_id, part_no)
);

-- One row per finished (done or failed) part. The primary key is what makes a redelivered part harmless: the
-- second transaction to insert it waits for the first, then finds it there and inserts nothing.
create table users.import_ledger (
	import_id uuid not null references users.imports (id) on delete cascade,
	part_no integer not null,
	-- done or failed (dead-lettered)
	status varchar(16) not null,
	rows integer not null default 0,
	inserted integer not null default 0,
	duplicates integer not null default 0,
	invalid integer not null default 0,
	invalid_by_reason jsonb not null default '{}',
	examples jsonb not null default '[]',
	error text null,
	worker varchar(255) null,
	started_at timestamptz not null default now(),
	finished_at timestamptz not null default now(),
	primary key (import_id, part_no)
);
