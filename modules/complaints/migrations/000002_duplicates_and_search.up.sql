-- Field teams mark repeated reports of one incident as duplicates; staff
-- search complaint texts.
ALTER TABLE complaints ADD COLUMN duplicate_of bigint REFERENCES complaints (id);
ALTER TABLE complaints ADD CONSTRAINT complaints_not_own_duplicate CHECK (duplicate_of IS NULL OR duplicate_of <> id);

CREATE INDEX complaints_text_idx ON complaints USING gin (to_tsvector('simple', description));

CREATE TABLE complaint_comments (
    id            bigserial PRIMARY KEY,
    complaint_id  bigint NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
    author        text NOT NULL,
    internal      boolean NOT NULL DEFAULT true,
    body          text NOT NULL,
    written_at    timestamptz NOT NULL DEFAULT now()
);
