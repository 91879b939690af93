DROP FUNCTION set_operator_password(uuid, text);
