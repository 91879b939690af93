DROP TABLE valves;
