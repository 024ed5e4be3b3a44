-- The records context: patients registered here, physicians working here, visits encrypted to their readers,
-- consent grants, and transfers between hospitals. Record contents are stored only as ciphertext, their data keys
-- only wrapped to the X25519 keys of the patient and of physicians the patient granted access: nothing here lets
-- the hospital alone read a record.
create schema records;

-- The certificate of each patient who logged in here with their card (public: the operator's signature over the
-- patient's identifier and public keys). A node never stores a card's private keys.
create table records.certificates (
    patient_id  text primary key,
    certificate text        not null,
    issued_at   timestamptz not null,
    seen_at     timestamptz not null
);

-- Patients whose records this hospital keeps. REGISTERED: the ledger names this hospital as the patient's;
-- UNREGISTERED: the patient left the network, their records stay here (a hospital keeps what it recorded);
-- TRANSFERRING: a transfer to another hospital is under way, the records leave once it has confirmed them.
create table records.patients (
    id            text primary key,
    state         text        not null check (state in ('REGISTERED', 'UNREGISTERED', 'TRANSFERRING')),
    registered_at timestamptz not null,
    updated_at    timestamptz not null
);

-- Physicians with an account here. Their network identity (signing and encryption keys) exists here only sealed
-- under their password; affiliated_at is when this hospital published the affiliation on the ledger (null: not yet).
create table records.physicians (
    id              text primary key,
    user_id         uuid        not null unique,
    name            text        not null,
    signing_key     text        not null,
    encryption_key  bytea       not null,
    sealed_identity text        not null,
    since           timestamptz not null,
    affiliation     text        not null,
    affiliated_at   timestamptz
);

-- The physician of record (seed 002's doctor-patient link): only a linked physician with the patient's consent
-- reads the patient's records here.
create table records.links (
    patient_id   text        not null references records.patients (id) on delete cascade,
    physician_id text        not null references records.physicians (id),
    linked_at    timestamptz not null,
    linked_by    text        not null,
    primary key (patient_id, physician_id)
);

-- Consent grants as the patient signed them. Revoking one is this node's record of it.
create table records.grants (
    id           uuid primary key,
    patient_id   text        not null references records.patients (id) on delete cascade,
    physician_id text        not null,
    scope        text        not null check (scope in ('READ', 'READ_WRITE')),
    issued_at    timestamptz not null,
    expires_at   timestamptz not null,
    signature    bytea       not null,
    recorded_at  timestamptz not null,
    revoked_at   timestamptz
);
create index grants_patient on records.grants (patient_id);
create index grants_physician on records.grants (physician_id, patient_id);

-- Visits: when, by whom, and the rest (reason, notes, diagnosis, treatment, vitals) as AES-256-GCM ciphertext.
create table records.visits (
    id           uuid primary key,
    patient_id   text        not null references records.patients (id) on delete cascade,
    physician_id text        not null,
    hospital     text        not null,
    visited_at   timestamptz not null,
    written_at   timestamptz not null,
    content      bytea       not null
);
create index visits_patient on records.visits (patient_id, visited_at);

-- A visit's data key wrapped to one reader: 'patient', or a physician's identifier.
create table records.visit_keys (
    visit_id  uuid  not null references records.visits (id) on delete cascade,
    recipient text  not null,
    wrapped   bytea not null,
    primary key (visit_id, recipient)
);
create index visit_keys_recipient on records.visit_keys (recipient);

-- The permission matrix for the context. Whose data (the caller's own, a patient's who consented) is the
-- endpoints' check on top of it.
insert into access.permissions (role, resource, operation)
select 'PATIENT', 'PATIENT', op from unnest(array['CREATE', 'READ', 'UPDATE', 'DELETE']) as op;
insert into access.permissions (role, resource, operation)
select 'PATIENT', 'CONSENT', op from unnest(array['CREATE', 'READ', 'DELETE']) as op;
insert into access.permissions (role, resource, operation) values
    ('PATIENT', 'RECORD', 'READ'),
    ('PHYSICIAN', 'RECORD', 'CREATE'),
    ('PHYSICIAN', 'RECORD', 'READ'),
    ('PHYSICIAN', 'PATIENT', 'READ'),
    ('ADMIN', 'PATIENT', 'READ'),
    ('ADMIN', 'PATIENT', 'UPDATE'),
    ('ADMIN', 'PHYSICIAN', 'CREATE'),
    ('PHYSICIAN', 'PHYSICIAN', 'UPDATE');
insert into access.permissions (role, resource, operation)
select r, 'PHYSICIAN', 'READ'
from unnest(array['ADMIN', 'PHYSICIAN', 'NURSE', 'PORTER', 'CLEANER', 'RESEARCHER', 'PATIENT']) as r;

-- Transfers of a patient's records between hospitals, a saga each. At the hospital the records leave (OUT):
-- STARTED (the receiver agreed to take them), LEDGER_TRANSFERRED (the ledger names the receiver), HANDED_OVER (the
-- receiver confirmed it keeps them), DONE (the local copy is deleted), or FAILED before the ledger moved. At the
-- receiver (IN): EXPECTED (it agreed, and refuses other registrations meanwhile), then RECEIVED.
create table records.transfers (
    id         uuid        not null,
    direction  text        not null check (direction in ('OUT', 'IN')),
    patient_id text        not null,
    peer       text        not null,
    state      text        not null,
    failure    text,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    -- IN: the SHA-256 of the hand-over this hospital stored; a repeat must bring the same
    digest     text,
    primary key (id, direction)
);
create unique index transfers_one_open_per_patient on records.transfers (patient_id, direction)
    where state not in ('DONE', 'FAILED', 'RECEIVED');
