-- A key may expire (refused from then on); its last use is kept to the minute. Epoch milliseconds (UTC).
ALTER TABLE api_keys ADD COLUMN expires_at INTEGER;
ALTER TABLE api_keys ADD COLUMN last_used_at INTEGER;
