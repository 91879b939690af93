DROP TABLE pumps;
