-- Quarterly meter readings, the bills issued from them, and electronic payments.
CREATE TABLE meter_readings (
    id          bigserial PRIMARY KEY,
    meter_id    bigint NOT NULL REFERENCES meters (id),
    read_on     date NOT NULL,
    reading_m3  numeric(12, 3) NOT NULL CHECK (reading_m3 >= 0),
    source      text NOT NULL DEFAULT 'reader' CHECK (source IN ('reader', 'estimate', 'citizen')),
    UNIQUE (meter_id, read_on)
);

CREATE TABLE bills (
    id            bigserial PRIMARY KEY,
    account_id    bigint NOT NULL REFERENCES accounts (id),
    bill_no       text NOT NULL UNIQUE,
    period_start  date NOT NULL,
    period_end    date NOT NULL CHECK (period_end > period_start),
    water_m3      numeric(12, 3) NOT NULL DEFAULT 0,
    water_jod     numeric(12, 3) NOT NULL DEFAULT 0,
    sewage_jod    numeric(12, 3) NOT NULL DEFAULT 0,
    amount_jod    numeric(12, 3) GENERATED ALWAYS AS (water_jod + sewage_jod) STORED,
    issued_on     date NOT NULL DEFAULT current_date,
    due_on        date NOT NULL,
    status        text NOT NULL DEFAULT 'unpaid' CHECK (status IN ('unpaid', 'partly_paid', 'paid', 'cancelled'))
);

CREATE TABLE payments (
    id           bigserial PRIMARY KEY,
    bill_id      bigint NOT NULL REFERENCES bills (id),
    channel      text NOT NULL CHECK (channel IN ('efawateercom', 'bank', 'office', 'mobile_wallet')),
    amount_jod   numeric(12, 3) NOT NULL CHECK (amount_jod > 0),
    reference    text NOT NULL,
    paid_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (channel, reference)
);

CREATE INDEX bills_account_idx ON bills (account_id, period_end DESC);

-- What a citizen sees when asking about an account.
CREATE VIEW account_balances AS
SELECT a.id AS account_id,
       a.account_no,
       coalesce(sum(b.amount_jod) FILTER (WHERE b.status <> 'cancelled'), 0)
         - coalesce((SELECT sum(p.amount_jod) FROM payments p JOIN bills pb ON pb.id = p.bill_id WHERE pb.account_id = a.id), 0)
         AS balance_jod,
       max(b.due_on) FILTER (WHERE b.status IN ('unpaid', 'partly_paid')) AS next_due_on
FROM accounts a
LEFT JOIN bills b ON b.account_id = a.id
GROUP BY a.id, a.account_no;
