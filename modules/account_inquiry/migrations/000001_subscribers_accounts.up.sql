-- Subscribers, their premises and meters, and their water accounts.
CREATE TABLE tariffs (
    code       text PRIMARY KEY,
    label_ar   text NOT NULL,
    label_en   text NOT NULL,
    sewage     boolean NOT NULL DEFAULT true
);

INSERT INTO tariffs (code, label_ar, label_en, sewage) VALUES
    ('residential', 'منزلي', 'Residential', true),
    ('commercial', 'تجاري', 'Commercial', true),
    ('industrial', 'صناعي', 'Industrial', true),
    ('government', 'حكومي', 'Government', true),
    ('agricultural', 'زراعي', 'Agricultural', false);

CREATE TABLE subscribers (
    id            bigserial PRIMARY KEY,
    national_id   text UNIQUE,
    full_name_ar  text NOT NULL,
    full_name_en  text,
    mobile        text CHECK (mobile ~ '^\+9627[0-9]{8}$'),
    email         text,
    created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE premises (
    id             bigserial PRIMARY KEY,
    subscriber_id  bigint NOT NULL REFERENCES subscribers (id),
    premise_type   text NOT NULL DEFAULT 'house' CHECK (premise_type IN ('house', 'apartment', 'shop', 'factory', 'farm', 'public')),
    district       text NOT NULL,
    address_ar     text NOT NULL,
    latitude       numeric(9, 6) CHECK (latitude BETWEEN 29 AND 34),
    longitude      numeric(9, 6) CHECK (longitude BETWEEN 34 AND 40)
);

CREATE TABLE meters (
    id            bigserial PRIMARY KEY,
    premise_id    bigint NOT NULL REFERENCES premises (id),
    serial_no     text NOT NULL UNIQUE,
    diameter_mm   integer NOT NULL DEFAULT 15,
    installed_on  date NOT NULL,
    status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'faulty', 'removed'))
);

CREATE TABLE accounts (
    id             bigserial PRIMARY KEY,
    account_no     text NOT NULL UNIQUE,
    subscriber_id  bigint NOT NULL REFERENCES subscribers (id),
    premise_id     bigint NOT NULL REFERENCES premises (id),
    tariff_code    text NOT NULL REFERENCES tariffs (code),
    status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed')),
    opened_on      date NOT NULL DEFAULT current_date
);

CREATE INDEX accounts_subscriber_idx ON accounts (subscriber_id);
CREATE INDEX subscribers_mobile_idx ON subscribers (mobile);
