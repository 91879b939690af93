DROP TABLE valve_changes;
