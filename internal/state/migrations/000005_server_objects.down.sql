DROP TABLE rollout.server_objects;
