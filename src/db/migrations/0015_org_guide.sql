-- 0015_org_guide.sql — which item of the knowledge guide an organisation of
-- this installation is (e.g. the region's own item), so that the guide's
-- pages for it and for the registers it holds offer "Ansök om data" with
-- this installation's request form instead of the holder's instructions.
-- "" for none.
ALTER TABLE org_node ADD COLUMN guide_id TEXT NOT NULL DEFAULT '';
