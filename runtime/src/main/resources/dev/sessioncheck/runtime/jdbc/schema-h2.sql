-- sessioncheck JdbcStore schema for H2 (and other databases with CLOB and IF NOT EXISTS).
-- ${table} is replaced by the store's table name. The primary key is the id index; the expiry
-- index serves the sweep and the expiry filter.
CREATE TABLE IF NOT EXISTS ${table} (
  id         VARCHAR(255) PRIMARY KEY,
  data       CLOB NOT NULL,
  expires_at BIGINT
);
CREATE INDEX IF NOT EXISTS ${table}_expires_at ON ${table} (expires_at);
