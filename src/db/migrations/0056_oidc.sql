-- 0056_oidc.sql — sign-in through an OpenID Connect provider (issue 17;
-- store/oidc.c, web/handlers/oidc_login.c, docs/oidc.md).
--
-- oidc_provider: one row per configured provider, set by `datalots oidc
-- add`. The client secret is never stored: client_secret_ref says where
-- serve reads it at each token request ("file:/etc/…" or "env:NAME").
-- The provider's discovery document and JWKS are cached here, so every
-- app server behind the store shares them; jwks_fetched_at lets a token
-- naming an unknown key refetch the JWKS at most once per 10 s
-- (OIDC_JWKS_REFETCH_SECONDS).
CREATE TABLE oidc_provider (
    id                 @ID@,
    name               TEXT NOT NULL UNIQUE,
    label              TEXT NOT NULL,
    label_en           TEXT NOT NULL DEFAULT '',  -- the button in English; '' for label
    issuer             TEXT NOT NULL,
    client_id          TEXT NOT NULL,
    client_secret_ref  TEXT NOT NULL,
    scopes             TEXT NOT NULL DEFAULT 'openid',
    link_claim         TEXT NOT NULL DEFAULT '',
    link_to            TEXT NOT NULL DEFAULT '' CHECK (link_to IN ('', 'email', 'username')),
    create_accounts    BIGINT NOT NULL DEFAULT 0,
    disabled           BIGINT NOT NULL DEFAULT 0,
    discovery_json     TEXT NOT NULL DEFAULT '',
    discovery_fetched_at BIGINT NOT NULL DEFAULT 0,
    jwks_json          TEXT NOT NULL DEFAULT '',
    jwks_fetched_at    BIGINT NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL
);

-- A claim value an admin maps to a role for one provider: a token whose
-- claim holds the value gives the role at the node (NULL: installation)
-- while it holds it (the grant carries source 'oidc:<provider id>').
CREATE TABLE oidc_role_map (
    id          @ID@,
    provider_id BIGINT NOT NULL REFERENCES oidc_provider(id),
    claim       TEXT NOT NULL,
    value       TEXT NOT NULL,
    role        TEXT NOT NULL,
    node_id     BIGINT REFERENCES org_node(id),
    created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX oidc_role_map_unique ON oidc_role_map(provider_id, claim, value, role, COALESCE(node_id, 0));

-- A sign-in under way: the state (kept as its SHA-256), bound to the
-- browser that started it (the SHA-256 of its dl_oidc cookie), its nonce
-- and PKCE verifier; used once (used_at), for ten minutes.
CREATE TABLE oidc_login (
    state_hash    TEXT PRIMARY KEY,
    browser_hash  TEXT NOT NULL,
    provider_id   BIGINT NOT NULL REFERENCES oidc_provider(id),
    nonce         TEXT NOT NULL,
    code_verifier TEXT NOT NULL,
    link_user_id  BIGINT REFERENCES users(id),
    next_path     TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    used_at       BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX oidc_login_created ON oidc_login(created_at);

-- Where a grant came from: '' given by a person, 'oidc:<provider id>' kept
-- in step with the claims of the provider's last sign-in.
ALTER TABLE role_assignment ADD COLUMN source TEXT NOT NULL DEFAULT '';
-- The provider a session was signed in through (sign-out goes on to its
-- end-session endpoint).
ALTER TABLE sessions ADD COLUMN oidc_provider_id BIGINT;
