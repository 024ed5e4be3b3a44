-- Which log the replica follows: its positions mean something only in that backend's log, with that many
-- partitions. A node started on another backend must start from an empty replica, not skip or misplace entries.
create table origin (
    only_row   boolean primary key default true check (only_row),
    backend    text    not null,
    partitions integer not null
);
