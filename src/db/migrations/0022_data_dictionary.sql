-- 0022_data_dictionary.sql — each organisation's data dictionary
-- (store/dictionary.h): for every variable of the source schema
-- (extract/source_schema.h, named "table.column") whether the
-- organisation offers it to applicants, its own description in Swedish
-- and English, and its sensitivity class (a key of SENSITIVITY_CLASSES).
-- Seeded from the source schema, then edited with `datalots dictionary
-- import`. org_id is a förvaltning (checked in the store); updated_by is
-- the account name or "system"/"demo", as in the audit log.
CREATE TABLE data_dictionary (
    org_id          BIGINT NOT NULL REFERENCES org_node(id),
    variable        TEXT NOT NULL,
    offered         INTEGER NOT NULL DEFAULT 1 CHECK (offered IN (0, 1)),
    description_sv  TEXT NOT NULL,
    description_en  TEXT NOT NULL DEFAULT '',
    sensitivity     TEXT NOT NULL CHECK (sensitivity IN ('direct_identifier', 'quasi_identifier', 'health', 'administrative')),
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (org_id, variable)
);
@VERSIONED data_dictionary@
