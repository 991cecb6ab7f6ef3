-- 0030_obstacle_subscription.sql — anyone following a published obstacle
-- by e-mail (store/obstacle_subscription.c, docs/obstacles.md
-- "Subscribing"). Double opt-in: a row is pending (confirmed_at 0) until
-- the link of the confirmation mail is followed; a pending row older than
-- SUBSCRIPTION_PENDING_SECONDS (core/obstacle_subscription.h) is expired
-- and swept. email is stored lower-case, once per obstacle. requested_at
-- and confirmed_at are Unix seconds. The address is never shown anywhere.
CREATE TABLE obstacle_subscription (
    id            @ID@,
    obstacle_id   BIGINT NOT NULL REFERENCES obstacle(id),
    email         TEXT NOT NULL,
    requested_at  BIGINT NOT NULL,
    confirmed_at  BIGINT NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX obstacle_subscription_address ON obstacle_subscription(obstacle_id, email);
CREATE INDEX obstacle_subscription_pending ON obstacle_subscription(confirmed_at, requested_at);

-- The links mailed to a subscriber: the SHA-256 of each token (the token
-- itself is never stored). kind 'confirm' (the confirmation mail's link,
-- removed once used or when its subscription expires) or 'unsubscribe'
-- (a fresh one in every notification, so each mail's link keeps working
-- until the subscription is removed, its links with it).
CREATE TABLE obstacle_subscription_token (
    token_hash       TEXT PRIMARY KEY,
    subscription_id  BIGINT NOT NULL REFERENCES obstacle_subscription(id),
    kind             TEXT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX obstacle_subscription_token_sub ON obstacle_subscription_token(subscription_id);
