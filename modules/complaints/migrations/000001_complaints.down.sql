DROP TABLE complaint_attachments;
DROP TABLE complaints;
DROP SEQUENCE complaint_reference_seq;
DROP TABLE complaint_categories;
