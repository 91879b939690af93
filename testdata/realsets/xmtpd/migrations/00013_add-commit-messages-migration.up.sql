INSERT INTO migration_tracker (source_table, last_migrated_id) VALUES
	('commit_messages', 0);