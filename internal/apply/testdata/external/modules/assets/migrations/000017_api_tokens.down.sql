DROP FUNCTION new_api_token(uuid);
DROP TABLE api_tokens;
