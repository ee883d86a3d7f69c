-- Accounts, the units hazards are handed to, and sign-in sessions.

-- Responsible units (责任单位): a township or street government (镇街) or a county or city
-- department (交通运输局, 公路中心, …). A unit acts inside its jurisdiction.
CREATE TABLE units (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  name_en text,
  kind text NOT NULL CHECK (kind IN ('township', 'department')),
  jurisdiction_code text NOT NULL REFERENCES jurisdictions (code)
);
CREATE INDEX units_jurisdiction_idx ON units (jurisdiction_code);

-- Users. Scope is a jurisdiction (city, county = brigade, township) whose polygon bounds where
-- the user may act; a liaison also belongs to the unit whose assigned items they see.
CREATE TABLE users (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,39}$'),
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'leader', 'officer', 'liaison')),
  scope_code text NOT NULL REFERENCES jurisdictions (code),
  unit_id integer REFERENCES units (id),
  password_hash text NOT NULL,
  demo boolean NOT NULL DEFAULT false,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'liaison') = (unit_id IS NOT NULL))
);

-- A session is known by the SHA-256 of its cookie token (a leaked table does not sign anyone
-- in). Expiry slides with use up to an absolute limit.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
