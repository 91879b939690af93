DROP TABLE IF EXISTS rollout.moves;
