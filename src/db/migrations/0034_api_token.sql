-- 0034_api_token.sql — API tokens for other systems (store/api_tokens.c,
-- core/api_token.h; docs/api.md). Only the SHA-256 of a token is kept
-- (token_hash); the token itself is shown once when it is made. A token
-- holds one role at one node (node_id NULL: the whole installation), as a
-- person's role assignment does, and acts as its own account (user_id): a
-- disabled account that cannot sign in, made with the token, so the case
-- timeline and the audit log name the token and it owns nothing. It is
-- valid until expires_at (epoch seconds); revoked_at '' while not revoked.
-- last_used_at (epoch seconds, 0: never) is written at most once a minute,
-- with an audit row. Rows are never deleted. Not versioned: no kept page
-- shows a token (store_version.c names the table as exempt).
CREATE TABLE api_token (
    id            @ID@,
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    user_id       BIGINT NOT NULL REFERENCES users(id),
    role          TEXT NOT NULL,
    node_id       BIGINT REFERENCES org_node(id),
    created_by    BIGINT REFERENCES users(id),
    created_at    TEXT NOT NULL,
    expires_at    BIGINT NOT NULL,
    revoked_at    TEXT NOT NULL DEFAULT '',
    revoked_by    BIGINT REFERENCES users(id),
    last_used_at  BIGINT NOT NULL DEFAULT 0
);
