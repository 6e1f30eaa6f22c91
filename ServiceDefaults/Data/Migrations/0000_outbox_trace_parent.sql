-- The W3C traceparent of the operation that wrote the event, so its publish (later, by the relay)
-- and every consumer join that operation's trace.
ALTER TABLE outbox_messages ADD COLUMN IF NOT EXISTS trace_parent text;
