-- Transactional outbox: events written in the same transaction as the state change they
-- describe, relayed to RabbitMQ by OutboxDispatcher, deleted once the broker confirmed them.
CREATE TABLE IF NOT EXISTS outbox_messages (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id   uuid        NOT NULL UNIQUE,
    message_type text        NOT NULL,
    body         jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- Inbox: one row per (message, consumer) already handled, so a redelivery is a no-op.
CREATE TABLE IF NOT EXISTS inbox_messages (
    message_id   uuid        NOT NULL,
    consumer     text        NOT NULL,
    handled_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, consumer)
);
CREATE INDEX IF NOT EXISTS inbox_messages_handled_at ON inbox_messages (handled_at);
