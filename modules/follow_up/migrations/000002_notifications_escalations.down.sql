DROP VIEW overdue_cases;
DROP TABLE escalations;
DROP TABLE notifications;
