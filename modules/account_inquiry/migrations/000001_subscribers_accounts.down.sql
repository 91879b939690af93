DROP TABLE accounts;
DROP TABLE meters;
DROP TABLE premises;
DROP TABLE subscribers;
DROP TABLE tariffs;
