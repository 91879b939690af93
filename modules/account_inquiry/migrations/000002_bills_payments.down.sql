DROP VIEW account_balances;
DROP TABLE payments;
DROP TABLE bills;
DROP TABLE meter_readings;
