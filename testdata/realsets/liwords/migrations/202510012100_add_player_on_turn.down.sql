-- Remove player_on_turn column
ALTER TABLE games DROP COLUMN player_on_turn;
