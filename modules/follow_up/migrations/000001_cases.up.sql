-- A case follows one complaint or service request from receipt to closure.
CREATE TABLE case_statuses (
    code      text PRIMARY KEY,
    label_ar  text NOT NULL,
    label_en  text NOT NULL,
    final     boolean NOT NULL DEFAULT false
);

INSERT INTO case_statuses (code, label_ar, label_en, final) VALUES
    ('opened', 'مفتوحة', 'Opened', false),
    ('assigned', 'محالة', 'Assigned', false),
    ('in_progress', 'قيد المعالجة', 'In progress', false),
    ('waiting_citizen', 'بانتظار المواطن', 'Waiting for the citizen', false),
    ('resolved', 'تمت المعالجة', 'Resolved', true),
    ('closed', 'مغلقة', 'Closed', true);

CREATE TABLE cases (
    id             bigserial PRIMARY KEY,
    reference_no   text NOT NULL UNIQUE,
    kind           text NOT NULL CHECK (kind IN ('complaint', 'service_request', 'inquiry')),
    complaint_id   bigint UNIQUE REFERENCES complaints (id),
    status         text NOT NULL DEFAULT 'opened' REFERENCES case_statuses (code),
    department     text NOT NULL,
    opened_at      timestamptz NOT NULL DEFAULT now(),
    sla_due_at     timestamptz NOT NULL,
    closed_at      timestamptz,
    CHECK (kind <> 'complaint' OR complaint_id IS NOT NULL),
    CHECK (sla_due_at > opened_at)
);

CREATE TABLE case_assignments (
    id           bigserial PRIMARY KEY,
    case_id      bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    staff_id     text NOT NULL,
    department   text NOT NULL,
    assigned_at  timestamptz NOT NULL DEFAULT now(),
    released_at  timestamptz,
    CHECK (released_at IS NULL OR released_at >= assigned_at)
);

-- One open assignment per case at a time.
CREATE UNIQUE INDEX case_assignments_open_idx ON case_assignments (case_id) WHERE released_at IS NULL;

CREATE TABLE case_status_history (
    id           bigserial PRIMARY KEY,
    case_id      bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    from_status  text REFERENCES case_statuses (code),
    to_status    text NOT NULL REFERENCES case_statuses (code),
    changed_by   text NOT NULL,
    changed_at   timestamptz NOT NULL DEFAULT now(),
    note         text,
    -- Detached signature over (case, to_status, changed_at) from the staff
    -- member's certificate on the Secure Government Network.
    signature    bytea,
    signer_cert  text
);

CREATE INDEX case_status_history_case_idx ON case_status_history (case_id, changed_at);
CREATE INDEX cases_due_idx ON cases (sla_due_at) WHERE closed_at IS NULL;
