DROP TABLE complaint_comments;
DROP INDEX complaints_text_idx;
ALTER TABLE complaints DROP CONSTRAINT complaints_not_own_duplicate;
ALTER TABLE complaints DROP COLUMN duplicate_of;
