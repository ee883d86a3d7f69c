-- Native PostgreSQL only (PGlite has no JIT): the analyses' row estimates through CTEs and jsonb
-- rule sets are far off, so the planner JIT-compiles queries that then run in milliseconds —
-- ~2 s of LLVM work per request. New sessions of this database start with JIT off; the app's pool
-- also asks for it at connect (api/db/engine.ts). Skipped without the right to alter the database.
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'jit stays on: not allowed to ALTER DATABASE %', current_database();
END $$;
