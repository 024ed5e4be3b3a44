-- The central server's ordered log of the sql backend: every entry it accepted, per partition, at consecutive
-- positions, with the outcome it decided and the chain hash; each partition's head (the row every append locks);
-- and the records the entries produced. InnoDB for row locks and transactions; keys compare byte for byte
-- (utf8mb4_bin), as they do everywhere else in the ledger.

create table ledger_log (
    partition_no  integer        not null,
    position      bigint         not null,
    writer        varchar(100)   character set ascii not null,
    entry_key     varchar(256)   character set utf8mb4 collate utf8mb4_bin not null,
    nonce         char(32)       character set ascii not null,
    entry         mediumblob     not null,
    outcome       varchar(32)    character set ascii not null,
    outcome_owner varchar(100)   character set ascii,
    hash          varbinary(32)  not null,
    primary key (partition_no, position)
) engine = InnoDB;

-- An entry is ordered once: a replayed copy carries the same writer, key and nonce.
create unique index ledger_log_once on ledger_log (writer, entry_key, nonce);

create table ledger_heads (
    partition_no integer       primary key,
    position     bigint        not null,
    hash         varbinary(32) not null
) engine = InnoDB;

create table ledger_records (
    entry_key varchar(256) character set utf8mb4 collate utf8mb4_bin primary key,
    value     mediumtext   character set utf8mb4 collate utf8mb4_bin not null,
    owner     varchar(100) character set ascii not null
) engine = InnoDB;
