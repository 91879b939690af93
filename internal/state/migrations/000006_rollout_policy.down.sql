DROP TABLE IF EXISTS rollout.halts;
DROP TABLE IF EXISTS rollout.approvals;
DROP TABLE IF EXISTS rollout.version_health;
