BEGIN;

DROP TABLE role_permissions;
DROP TABLE user_roles;
DROP TABLE roles;
DROP TABLE permissions;

COMMIT;