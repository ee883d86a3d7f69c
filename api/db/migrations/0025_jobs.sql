-- Long work (an import of thousands of rows) runs as a job in the process that took the upload;
-- its state and progress are rows here, so any API process can answer GET /api/jobs/:id
-- (api/jobs/). A running job whose process stopped stops being refreshed (`updated_at`) and is
-- reported as interrupted.
CREATE TABLE jobs (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL,
  user_id integer NOT NULL REFERENCES users (id),
  state text NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'done', 'failed')),
  done integer NOT NULL DEFAULT 0,
  total integer,
  result jsonb,
  error jsonb,
  process text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_user ON jobs (user_id, created_at DESC);
