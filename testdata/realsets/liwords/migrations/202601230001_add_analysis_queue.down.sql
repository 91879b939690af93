DROP TABLE IF EXISTS analysis_jobs;
