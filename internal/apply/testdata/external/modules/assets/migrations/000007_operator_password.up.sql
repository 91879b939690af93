CREATE FUNCTION set_operator_password(op uuid, pw text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE operators SET password_hash = crypt(pw, gen_salt('bf', 6)) WHERE id = op;
END;
$$;
