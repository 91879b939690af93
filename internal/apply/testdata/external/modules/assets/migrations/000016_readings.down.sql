DROP TABLE pump_readings;
