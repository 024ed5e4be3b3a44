-- The network ledger's operator API (/api/ledger/...): administrators only. Patients and physicians reach the
-- ledger through their own contexts (registration, transfer), never directly.
insert into access.permissions (role, resource, operation)
select 'ADMIN', 'LEDGER', op from unnest(array['CREATE', 'READ', 'UPDATE', 'DELETE']) as op;
