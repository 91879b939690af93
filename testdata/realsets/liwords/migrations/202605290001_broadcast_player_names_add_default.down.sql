ALTER TABLE broadcast_games
    ALTER COLUMN player1_name DROP DEFAULT,
    ALTER COLUMN player2_name DROP DEFAULT;
