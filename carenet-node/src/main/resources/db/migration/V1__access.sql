-- The access context: staff accounts, login sessions, the permission matrix and the audit trail.
create schema access;

create table access.users (
    id            uuid primary key,
    username      text        not null unique,
    password_hash text        not null,
    roles         text[]      not null,
    enabled       boolean     not null default true,
    failed_logins integer     not null default 0,
    locked_until  timestamptz,
    created_at    timestamptz not null,
    updated_at    timestamptz not null
);

-- A session is one login. Its refresh token is stored only as a hash; rotating the token replaces the hash,
-- revoking the session ends every access token issued under it.
create table access.sessions (
    id                 uuid primary key,
    user_id            uuid        not null references access.users (id),
    refresh_token_hash bytea       not null,
    created_at         timestamptz not null,
    expires_at         timestamptz not null,
    revoked_at         timestamptz
);
create index sessions_user on access.sessions (user_id);

-- The permission matrix: a row grants one role one operation on one resource. Absent rows deny.
create table access.permissions (
    role      text not null,
    resource  text not null,
    operation text not null,
    primary key (role, resource, operation)
);

insert into access.permissions (role, resource, operation)
select 'ADMIN', 'USER', op from unnest(array['CREATE', 'READ', 'UPDATE', 'DELETE']) as op;
insert into access.permissions (role, resource, operation) values ('ADMIN', 'AUDIT', 'READ');
insert into access.permissions (role, resource, operation)
select r, 'PERMISSION', 'READ'
from unnest(array['ADMIN', 'PHYSICIAN', 'NURSE', 'PORTER', 'CLEANER', 'RESEARCHER']) as r;

-- The audit trail is append-only and hash-chained: hash = SHA-256(prev_hash || canonical entry). The node writes
-- it through one writer, so seq has no gaps; verify() recomputes the chain and reports the first broken link.
create table access.audit_log (
    seq         bigint primary key,
    at          timestamptz not null,
    actor       text        not null,
    roles       text        not null,
    action      text        not null,
    resource    text        not null,
    resource_id text,
    outcome     text        not null,
    detail      text,
    request_id  text        not null,
    prev_hash   bytea       not null,
    hash        bytea       not null
);
create index audit_log_actor on access.audit_log (actor, seq);
create index audit_log_resource on access.audit_log (resource, seq);
create index audit_log_at on access.audit_log (at);

-- Defence in depth: the application never updates or deletes audit rows, and the database refuses to. Whoever
-- can disable this trigger can rewrite rows, which the hash chain then exposes.
create function access.audit_log_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the audit trail is append-only';
end;
$$;
create trigger audit_log_append_only
    before update or delete on access.audit_log
    for each row execute function access.audit_log_is_append_only();
