-- Remove promotion_formula column from league_seasons
ALTER TABLE league_seasons DROP COLUMN promotion_formula;
