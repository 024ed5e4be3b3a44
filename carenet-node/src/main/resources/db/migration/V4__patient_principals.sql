-- Patients log in with their card, not a password: each patient who logs in to this node gets a principal here
-- (kind PATIENT, username 'patient:<network identifier>', no password) so that their sessions, tokens, refreshes
-- and logouts work as staff sessions do. Staff usernames cannot contain ':', so the two never collide.
alter table access.users add column kind text not null default 'STAFF';
alter table access.users add constraint users_kind check (kind in ('STAFF', 'PATIENT'));
alter table access.users alter column password_hash drop not null;
alter table access.users add constraint staff_have_passwords check (kind = 'PATIENT' or password_hash is not null);
alter table access.users add constraint patients_have_no_password check (kind = 'STAFF' or password_hash is null);

-- A patient reads who accessed their records: the audit entries about them, by the resource id they carry.
create index audit_log_resource_id on access.audit_log (resource_id, seq);
