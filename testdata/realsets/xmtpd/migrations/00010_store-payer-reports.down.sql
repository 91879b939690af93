DROP TABLE IF EXISTS payer_report_attestations;

DROP TABLE IF EXISTS payer_reports;