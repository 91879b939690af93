DROP TABLE case_status_history;
DROP TABLE case_assignments;
DROP TABLE cases;
DROP TABLE case_statuses;
