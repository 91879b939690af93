DROP TABLE IF EXISTS broadcast_slots;
