DROP TABLE pipes;
