-- SMS notifications queued for the government SMS gateway, and escalation
-- of cases that pass their SLA.
CREATE TABLE notifications (
    id                  bigserial PRIMARY KEY,
    case_id             bigint REFERENCES cases (id) ON DELETE SET NULL,
    mobile              text NOT NULL CHECK (mobile ~ '^\+9627[0-9]{8}$'),
    template            text NOT NULL,
    body_ar             text NOT NULL CHECK (length(body_ar) <= 600),
    status              text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
    attempts            smallint NOT NULL DEFAULT 0,
    gateway_message_id  text,
    last_error          text,
    queued_at           timestamptz NOT NULL DEFAULT now(),
    sent_at             timestamptz
);

CREATE INDEX notifications_queue_idx ON notifications (queued_at) WHERE status IN ('queued', 'failed');

CREATE TABLE escalations (
    id            bigserial PRIMARY KEY,
    case_id       bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    level         smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
    escalated_to  text NOT NULL,
    escalated_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, level)
);

-- Cases past their due date and not yet escalated to the next level.
CREATE VIEW overdue_cases AS
SELECT c.id, c.reference_no, c.department, c.sla_due_at,
       now() - c.sla_due_at AS overdue_by,
       coalesce((SELECT max(e.level) FROM escalations e WHERE e.case_id = c.id), 0) AS escalation_level
FROM cases c
WHERE c.closed_at IS NULL AND c.sla_due_at < now();
