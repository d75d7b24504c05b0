-- Change events that say which version each changed row reached, so that a cache can tell a change it already shows
-- (the echo of a write it wrote through, a read that crossed the event of the version it holds) from one it does not:
-- versions order the changes of one row without any clock.

-- Every change of a row bumps its version, whoever makes it: the service does (version = version + 1); plain SQL
-- that leaves the version alone, or sets it back, gets the next one here. Without this, a change made straight in
-- SQL would carry the version a cache already holds and be taken for a change it shows.
create function users.bump_version() returns trigger
language plpgsql as $$
begin
	if new.version <= old.version then
		new.version := old.version + 1;
	end if;
	return new;
end
$$;

create trigger users_bump_version before update on users.users
	for each row execute function users.bump_version();

-- 'user:{id}=version' for each row that exists after the statement (inserted or updated, not collapsed). Rows gone
-- (deleted, or whose id an UPDATE changed) and the list tag users are not in it: a cache invalidates them without a
-- version, whatever it holds.
alter table users.outbox add column tag_versions text[] not null default '{}';

create or replace function users.outbox_capture() returns trigger
language plpgsql as $$
declare
	touched_ids bigint[];
	touched_versions bigint[];
	live_tag_versions text[] := '{}';
	touched bigint;
	tag_limit int := coalesce(nullif(current_setting('cachegate.outbox_tag_limit', true), '')::int, 1000);
	id_limit int := coalesce(nullif(current_setting('cachegate.outbox_id_limit', true), '')::int, 100000);
	collapse boolean;
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
	collapse := touched > least(tag_limit, id_limit);
	if tg_op in ('INSERT', 'UPDATE') and not collapse then
		select coalesce(array_agg('user:' || id || '=' || version order by id), '{}')
		into live_tag_versions from new_rows;
	end if;
	if touched > id_limit then
		touched_ids := '{}';
		touched_versions := '{}';
	end if;
	insert into users.outbox (kind, ids, versions, tags, collapsed, tag_versions)
	values (lower(tg_op), touched_ids, touched_versions,
		case when collapse then array['users']
			else array(select 'user:' || x from unnest(touched_ids) x) || array['users'] end,
		collapse, live_tag_versions)
	returning id into event_id;
	-- Delivered at commit only (and dropped on rollback), so the relay wakes up exactly when there is news.
	perform pg_notify('cachegate_outbox', event_id::text);
	return null;
end
$$;
