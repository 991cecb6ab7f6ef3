-- 0027_submit_limit.sql — how many reports each client address has sent in
-- its current window (core/submit_limit.h, store/submit_limit.c): the flood
-- limit on anonymous submissions (an obstacle report by the form or the
-- API). The address is never stored: bucket is the kind of submission and
-- the HMAC-SHA-256 of the address under the server's secret. Rows older
-- than a window mean nothing and are swept with the other short-lived rows.
CREATE TABLE submit_limit (
    bucket        TEXT PRIMARY KEY,
    window_start  BIGINT NOT NULL,
    sent          BIGINT NOT NULL
);
CREATE INDEX submit_limit_age ON submit_limit(window_start);
