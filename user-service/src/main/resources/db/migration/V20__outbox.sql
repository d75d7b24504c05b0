-- Change events. Every statement that changes users.users, whoever runs it (the API, the bulk import, psql,
-- a migration, another program), writes one row here in its own transaction, through the statement-level triggers
-- below. So an event exists exactly when the change commits: never for a rolled-back change, never missing for a
-- committed one. The relay (io.cachegate.users.events.OutboxRelay) publishes unpublished rows, in id order, to the
-- Redis Stream cachegate:changes and then sets published_at.
create table users.outbox (
	id bigserial primary key,
	-- clock_timestamp() at the end of the statement: the nearest thing to the commit time a trigger can see.
	occurred_at timestamptz not null default clock_timestamp(),
	kind text not null check (kind in ('insert', 'update', 'delete', 'truncate')),
	-- The rows touched, ascending, with their versions (after the change; before it for deletes). Empty when the
	-- statement touched more than cachegate.outbox_id_limit rows: a consumer must then assume any row changed.
	ids bigint[] not null,
	versions bigint[] not null,
	-- What a cache must invalidate: user:{id} per row and users (every list). A statement touching more than
	-- cachegate.outbox_tag_limit rows is collapsed to users alone, with collapsed = true.
	tags text[] not null,
	collapsed boolean not null default false,
	published_at timestamptz null
);

-- The relay's one question ("what is not yet published, in order?") stays an index range however large the table.
create index outbox_unpublished_idx on users.outbox (id) where published_at is null;

-- One function for the three statement triggers. Transition tables make this one INSERT per statement (a 10,000-row
-- import part is one event, not 10,000), which is why these are statement-level rather than row-level triggers.
-- The limits are settings so an operator can tune them without a migration
-- (ALTER DATABASE ... SET cachegate.outbox_tag_limit = '500'); unset, the defaults below apply.
create function users.outbox_capture() returns trigger
language plpgsql as $$
declare
	touched_ids bigint[];
	touched_versions bigint[];
	touched bigint;
	tag_limit int := coalesce(nullif(current_setting('cachegate.outbox_tag_limit', true), '')::int, 1000);
	id_limit int := coalesce(nullif(current_setting('cachegate.outbox_id_limit', true), '')::int, 100000);
	event_id bigint;
begin
	if tg_op = 'TRUNCATE' then
		insert into users.outbox (kind, ids, versions, tags, collapsed)
		values ('truncate', '{}', '{}', array['users'], true)
		returning id into event_id;
		perform pg_notify('cachegate_outbox', event_id::text);
		return null;
	end if;
	if tg_op = 'INSERT' then
		select count(*), array_agg(id order by id), array_agg(version order by id)
		into touched, touched_ids, touched_versions from new_rows;
	elsif tg_op = 'DELETE' then
		select count(*), array_agg(id order by id), array_agg(version order by id)
		into touched, touched_ids, touched_versions from old_rows;
	else
		-- An UPDATE may change the id itself (plain SQL can): the old id's representation is gone too.
		select count(*), array_agg(id order by id), array_agg(version order by id)
		into touched, touched_ids, touched_versions
		from (select id, version from new_rows
			union all
			select id, version from old_rows where id not in (select id from new_rows)) changed;
	end if;
	if touched = 0 then
		-- A statement that matched no row changed nothing: no event.
		return null;
	end if;
	if touched > id_limit then
		touched_ids := '{}';
		touched_versions := '{}';
	end if;
	insert into users.outbox (kind, ids, versions, tags, collapsed)
	values (lower(tg_op), touched_ids, touched_versions,
		case when touched > least(tag_limit, id_limit) then array['users']
			else array(select 'user:' || x from unnest(touched_ids) x) || array['users'] end,
		touched > least(tag_limit, id_limit))
	returning id into event_id;
	-- Delivered at commit only (and dropped on rollback), so the relay wakes up exactly when there is news.
	perform pg_notify('cachegate_outbox', event_id::text);
	return null;
end
$$;

create trigger users_outbox_insert after insert on users.users
	referencing new table as new_rows for each statement execute function users.outbox_capture();
create trigger users_outbox_update after update on users.users
	referencing old table as old_rows new table as new_rows for each statement execute function users.outbox_capture();
create trigger users_outbox_delete after delete on users.users
	referencing old table as old_rows for each statement execute function users.outbox_capture();
create trigger users_outbox_truncate after truncate on users.users
	for each statement execute function users.outbox_capture();
