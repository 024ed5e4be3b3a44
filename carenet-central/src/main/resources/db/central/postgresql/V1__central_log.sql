-- The central server's ordered log of the sql backend: every entry it accepted, per partition, at consecutive
-- positions, with the outcome it decided and the chain hash; each partition's head (the row every append locks);
-- and the records the entries produced.

create table ledger_log (
    partition_no  integer     not null,
    position      bigint      not null,
    writer        text        not null,
    entry_key     text        not null,
    nonce         text        not null,
    entry         bytea       not null,
    outcome       text        not null,
    outcome_owner text,
    hash          bytea       not null,
    primary key (partition_no, position)
);

-- An entry is ordered once: a replayed copy carries the same writer, key and nonce.
create unique index ledger_log_once on ledger_log (writer, entry_key, nonce);

create table ledger_heads (
    partition_no integer primary key,
    position     bigint  not null,
    hash         bytea   not null
);

create table ledger_records (
    entry_key text primary key,
    value     text not null,
    owner     text not null
);
