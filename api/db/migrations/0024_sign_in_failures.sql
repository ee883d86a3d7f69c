-- Failed sign-ins, per key (a username, a client address), kept in the database so that every
-- API process on it counts the same failures (api/auth/rate-limit.ts); rows older than the
-- window are swept as new ones come.
CREATE TABLE sign_in_failures (
  key text NOT NULL,
  at timestamptz NOT NULL
);
CREATE INDEX sign_in_failures_key_at ON sign_in_failures (key, at);
CREATE INDEX sign_in_failures_at ON sign_in_failures (at);
