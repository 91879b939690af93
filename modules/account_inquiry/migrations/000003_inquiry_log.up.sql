-- Every inquiry a citizen makes, by channel, for service statistics.
CREATE TABLE account_inquiries (
    id           bigserial PRIMARY KEY,
    account_id   bigint REFERENCES accounts (id),
    account_no   text NOT NULL,
    channel      text NOT NULL CHECK (channel IN ('web', 'mobile_app', 'call_centre', 'sms', 'office')),
    found        boolean NOT NULL,
    asked_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX account_inquiries_asked_idx ON account_inquiries (asked_at);
