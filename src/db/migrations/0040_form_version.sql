-- 0040_form_version.sql — the request form over time (store/form_version.c,
-- docs/case-copy.md). form_version: one row per version of the form;
-- form_field: the fields a version has (the key is the column in `cases`,
-- core/case_request.h) with their labels as that version showed them.
-- Version 1 is the form as it was when this migration ran. A case keeps
-- the version it was written on (cases.form_version) and, when it was
-- copied from an earlier case ("Kopiera som ny ansökan"), that case
-- (cases.copied_from).
CREATE TABLE form_version (
    version     BIGINT NOT NULL PRIMARY KEY,
    created_at  TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
@VERSIONED form_version@
CREATE TABLE form_field (
    version     BIGINT NOT NULL, -- a form_version (no foreign key: store/copy.c refills both tables)
    key         TEXT NOT NULL,
    position    BIGINT NOT NULL,
    label_sv    TEXT NOT NULL,
    PRIMARY KEY (version, key)
);
@VERSIONED form_field@
INSERT INTO form_version(version, created_at, note) VALUES (1, '2026-12-07T00:00:00Z', 'Blanketten som den var när versionerna infördes');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'applicant_name', 1, 'Sökandens namn');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'applicant_email', 2, 'Sökandens e-post');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'applicant_phone', 3, 'Sökandens telefon');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'applicant_org', 4, 'Sökandens organisation');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'pi_name', 5, 'Huvudansvarig forskare');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'pi_email', 6, 'Huvudansvarig forskares e-post');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'pi_org', 7, 'Huvudansvarig forskares organisation');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'title', 8, 'Projektets titel');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'purpose', 9, 'Syfte');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'question', 10, 'Vetenskaplig frågeställning');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'ethics_dnr', 11, 'Etikprövningsmyndighetens diarienummer');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'ethics_date', 12, 'Datum för etikgodkännandet');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'legal_basis', 13, 'Rättslig grund');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'legal_note', 14, 'Rättslig grund, förklaring');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'population', 15, 'Population och urvalskriterier');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'icd10', 16, 'Diagnoskoder (ICD-10)');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'period_from', 17, 'Period från');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'period_to', 18, 'Period till');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'variables', 19, 'Variabler som efterfrågas');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'target_node', 20, 'Enhet eller område');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'contacts_patients', 21, 'Patienter kommer att kontaktas');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'sec_storage', 22, 'Lagring av uppgifterna');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'sec_access', 23, 'Vem som får tillgång');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'sec_retention', 24, 'Hur länge uppgifterna sparas');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'sec_destruction', 25, 'Hur uppgifterna förstörs');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'delivery', 26, 'Leveranssätt');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'age_key', 27, 'Mottagarens offentliga age-nyckel');
INSERT INTO form_field(version, key, position, label_sv) VALUES (1, 'wished_date', 28, 'Önskat leveransdatum');
ALTER TABLE cases ADD COLUMN form_version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE cases ADD COLUMN copied_from BIGINT REFERENCES cases(id);
