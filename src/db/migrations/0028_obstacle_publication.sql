-- 0028_obstacle_publication.sql — what of an obstacle the public register
-- shows (store/obstacle_publish.c, docs/obstacles.md "Publication"). Only
-- the redacted texts are ever published: the analyst sees the personal
-- data core/pii.c finds highlighted in the report, confirms the redacted
-- wording, and the store refuses a public text in which the detector still
-- finds a personnummer, samordningsnummer, e-mail address or phone number.
-- public_text: the redacted "what happened"; public_suggestion: the
-- redacted suggestion ('' for none); published_at: ISO 8601 UTC, '' while
-- not published (a withdrawn publication is '' again, its texts kept for
-- the next); published_by: the analyst who confirmed the redaction.
ALTER TABLE obstacle ADD COLUMN public_text TEXT NOT NULL DEFAULT '';
ALTER TABLE obstacle ADD COLUMN public_suggestion TEXT NOT NULL DEFAULT '';
ALTER TABLE obstacle ADD COLUMN published_at TEXT NOT NULL DEFAULT '';
ALTER TABLE obstacle ADD COLUMN published_by BIGINT;
CREATE INDEX obstacle_published ON obstacle(published_at);
