alter table game_players drop if exists updated_at;
