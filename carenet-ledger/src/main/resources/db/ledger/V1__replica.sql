-- A hospital's replica of the network ledger: every entry it applied, in order, with its outcome and the hash
-- chain; the records those entries produced; and where each partition's chain stands.

create table entries (
    partition     integer     not null,
    position      bigint      not null,
    writer        text        not null,
    command       text        not null,
    key           text        not null,
    value         text,
    new_owner     text,
    nonce         text        not null,
    written_at    bigint      not null,
    signature     bytea,
    outcome       text        not null,
    outcome_owner text,
    hash          bytea       not null,
    applied_at    timestamptz not null,
    primary key (partition, position)
);

create index entries_by_key on entries (key, partition, position);

-- The history is evidence: nothing rewrites or removes it. (A database superuser can still disable the trigger;
-- verification and the other hospitals' checkpoints catch what that would allow.)
create function entries_are_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the ledger history is append-only';
end;
$$;

create trigger entries_append_only
    before update or delete on entries
    for each row execute function entries_are_append_only();

create table records (
    key   text primary key,
    value text not null,
    owner text not null
);

create table heads (
    partition integer primary key,
    position  bigint  not null,
    hash      bytea   not null
);
