-- The web UI: everyone who can log in may see their own home page (READ SESSION) and end their own session
-- (DELETE SESSION). Both act only on the caller's own session, so every role gets them.
insert into access.permissions (role, resource, operation)
select r, 'SESSION', op
from unnest(array['ADMIN', 'PHYSICIAN', 'NURSE', 'PORTER', 'CLEANER', 'RESEARCHER', 'PATIENT']) as r,
     unnest(array['READ', 'DELETE']) as op;
