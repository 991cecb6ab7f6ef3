-- 0043_network.sql — the network of support functions (issue 15 item 1,
-- store/network.c, docs/network.md): its members (organisation, what each
-- offers, whom it serves), their contact people, and the shared calendar of
-- events, and its news. Instants are UTC text ("2026-12-07T12:00:00Z"); pages show them
-- in Europe/Stockholm.
CREATE TABLE network_member (
    id          @ID@,
    name        TEXT NOT NULL UNIQUE,
    offers      TEXT NOT NULL DEFAULT '',
    serves      TEXT NOT NULL DEFAULT '',
    website     TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
@VERSIONED network_member@
CREATE TABLE network_contact (
    id          @ID@,
    member_id   BIGINT NOT NULL REFERENCES network_member(id),
    name        TEXT NOT NULL,
    email       TEXT NOT NULL,
    role        TEXT NOT NULL DEFAULT ''
);
@VERSIONED network_contact@
CREATE INDEX network_contact_member ON network_contact(member_id);
CREATE TABLE network_event (
    id           @ID@,
    member_id    BIGINT NOT NULL REFERENCES network_member(id),
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    starts_at    TEXT NOT NULL,
    ends_at      TEXT NOT NULL,
    place        TEXT NOT NULL DEFAULT '',
    online_url   TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CHECK (kind IN ('seminar', 'conference', 'meeting')),
    CHECK (ends_at > starts_at)
);
@VERSIONED network_event@
CREATE INDEX network_event_start ON network_event(starts_at);
CREATE INDEX network_event_member ON network_event(member_id, starts_at);
-- News of the network: a title, a text in Markdown (rendered safely on the
-- page, web/markdown.h), the publishing member and the instant published.
CREATE TABLE network_news (
    id            @ID@,
    member_id     BIGINT NOT NULL REFERENCES network_member(id),
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    published_at  TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
@VERSIONED network_news@
CREATE INDEX network_news_published ON network_news(published_at);
