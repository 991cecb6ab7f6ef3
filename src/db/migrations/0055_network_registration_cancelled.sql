-- 0055_network_registration_cancelled.sql — a cancelled registration for a
-- network event is kept, marked with when it was cancelled (UTC text; ''
-- while it stands), so the organiser's list shows it as cancelled
-- (store/network_registration.c, docs/network.md). The seat is freed as
-- before; registering again with the same address takes the row back.
-- A registration also names the organisation the person comes from ('' if
-- not given), for the organiser's list.
ALTER TABLE network_registration ADD COLUMN cancelled_at TEXT NOT NULL DEFAULT '';
ALTER TABLE network_registration ADD COLUMN organisation TEXT NOT NULL DEFAULT '';
