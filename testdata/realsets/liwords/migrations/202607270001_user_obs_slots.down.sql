DROP TABLE IF EXISTS user_obs_slots;
