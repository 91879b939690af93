-- Complaints with their category, channel, location, status and attachments.
CREATE TABLE complaint_categories (
    code              text PRIMARY KEY,
    label_ar          text NOT NULL,
    label_en          text NOT NULL,
    default_priority  smallint NOT NULL CHECK (default_priority BETWEEN 1 AND 4)
);

INSERT INTO complaint_categories (code, label_ar, label_en, default_priority) VALUES
    ('water_cut', 'انقطاع المياه', 'Water cut', 1),
    ('leak', 'تسرب مياه', 'Leak', 2),
    ('sewage_overflow', 'فيضان صرف صحي', 'Sewage overflow', 1),
    ('water_quality', 'نوعية المياه', 'Water quality', 1),
    ('billing', 'الفواتير', 'Billing', 3),
    ('meter', 'العداد', 'Meter', 3),
    ('other', 'أخرى', 'Other', 4);

CREATE SEQUENCE complaint_reference_seq;

CREATE TABLE complaints (
    id              bigserial PRIMARY KEY,
    reference_no    text NOT NULL UNIQUE DEFAULT 'C-' || to_char(now(), 'YYYY') || '-' || lpad(nextval('complaint_reference_seq')::text, 7, '0'),
    account_id      bigint REFERENCES accounts (id),
    category_code   text NOT NULL REFERENCES complaint_categories (code),
    channel         text NOT NULL CHECK (channel IN ('web', 'mobile_app', 'call_centre', 'sms')),
    citizen_name    text NOT NULL,
    citizen_mobile  text NOT NULL CHECK (citizen_mobile ~ '^\+9627[0-9]{8}$'),
    description     text NOT NULL CHECK (length(description) BETWEEN 5 AND 4000),
    district        text NOT NULL,
    address_ar      text,
    latitude        numeric(9, 6) CHECK (latitude BETWEEN 29 AND 34),
    longitude       numeric(9, 6) CHECK (longitude BETWEEN 34 AND 40),
    priority        smallint NOT NULL CHECK (priority BETWEEN 1 AND 4),
    status          text NOT NULL DEFAULT 'received'
                    CHECK (status IN ('received', 'assigned', 'in_progress', 'resolved', 'closed', 'rejected')),
    submitted_at    timestamptz NOT NULL DEFAULT now(),
    resolved_at     timestamptz,
    CHECK (resolved_at IS NULL OR resolved_at >= submitted_at)
);

CREATE TABLE complaint_attachments (
    id            bigserial PRIMARY KEY,
    complaint_id  bigint NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    file_name     text NOT NULL,
    content_type  text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf', 'video/mp4')),
    size_bytes    bigint NOT NULL CHECK (size_bytes > 0),
    storage_key   text NOT NULL UNIQUE,
    sha256        char(64) NOT NULL,
    uploaded_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX complaints_status_idx ON complaints (status, submitted_at);
CREATE INDEX complaints_account_idx ON complaints (account_id);
CREATE INDEX complaints_mobile_idx ON complaints (citizen_mobile);
