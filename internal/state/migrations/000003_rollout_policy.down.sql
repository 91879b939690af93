DROP TABLE rollout.halts;
DROP TABLE rollout.approvals;
DROP TABLE rollout.version_health;
