-- What happened to images, in commit order: the catalogue's writes append here in their own
-- transactions (an acknowledged upload's image.stored is never lost), and webhooks, streams and the
-- analytics export read it from their own positions. Times are epoch milliseconds. A bigserial alone
-- can commit out of order (a reader polling after a sequence would skip the late one for ever): every
-- appending transaction takes a transaction-level advisory lock just before its insert, so sequences
-- are handed out, and become visible, in commit order.
CREATE TABLE events (
    sequence      BIGSERIAL PRIMARY KEY,
    id            TEXT    NOT NULL UNIQUE,
    type          TEXT    NOT NULL,
    occurred_at   BIGINT  NOT NULL,
    image_id      TEXT    NOT NULL,
    owner         TEXT,
    variant       TEXT,
    format        TEXT,
    bytes         BIGINT  NOT NULL DEFAULT 0,
    width         INTEGER NOT NULL DEFAULT 0,
    height        INTEGER NOT NULL DEFAULT 0,
    render_micros BIGINT,
    error         TEXT
);
CREATE INDEX events_by_time ON events (occurred_at, sequence);

-- Receivers of events over HTTP. events: comma-separated wire names, NULL for every type.
CREATE TABLE webhooks (
    id          TEXT    PRIMARY KEY,
    url         TEXT    NOT NULL,
    secret      TEXT    NOT NULL,
    events      TEXT,
    description TEXT,
    created_at  BIGINT  NOT NULL
);

-- One event to one hook: its delivery log. A dispatcher claims a due row by leasing it.
CREATE TABLE webhook_deliveries (
    id              BIGSERIAL PRIMARY KEY,
    webhook_id      TEXT    NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_sequence  BIGINT  NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_status     INTEGER,
    last_error      TEXT,
    next_attempt_at BIGINT,
    delivered_at    BIGINT,
    lease_until     BIGINT,
    lease_token     TEXT,
    created_at      BIGINT  NOT NULL,
    UNIQUE (webhook_id, event_sequence)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_hook ON webhook_deliveries (webhook_id, id);

-- How far in the event log the fan-out to deliveries has gone.
CREATE TABLE webhook_fanout (
    name     TEXT    PRIMARY KEY,
    position BIGINT  NOT NULL
);
INSERT INTO webhook_fanout (name, position) VALUES ('webhooks', 0);
