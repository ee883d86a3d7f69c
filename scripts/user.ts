/**
 * Accounts from the command line, on the database the app uses (DATABASE_URL, or the embedded
 * one under DATA_DIR while the app is stopped):
 *
 *   npm run user -- add <username> --role officer --scope 371524 [--name 张三]
 *   npm run user -- add <username> --role liaison --unit 371524-jtj
 *   npm run user -- password <username>
 *   npm run user -- disable <username> | enable <username>
 *   npm run user -- list
 *
 * The password is read from the CHANGAN_PASSWORD environment variable, else asked for on the
 * terminal (not echoed).
 */
import readline from 'node:readline';
import { createUser, hashPassword, MIN_PASSWORD_LENGTH, ROLES, type Role } from '../api/auth/accounts';
import { openDatabase } from '../api/db/engine';
import { migrate } from '../api/db/migrate';
import { loadEnv } from '../api/env';
import { ensureUnits } from '../api/seed/accounts';

const USAGE = `usage:
  npm run user -- add <username> --role ${ROLES.join('|')} --scope <jurisdiction code> [--name <display name>]
  npm run user -- add <username> --role liaison --unit <unit code, e.g. 371524-jtj or 371524001> [--name <display name>]
  npm run user -- password <username>
  npm run user -- disable <username> | enable <username>
  npm run user -- list`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function readPassword(prompt: string): Promise<string> {
  if (process.env.CHANGAN_PASSWORD) return process.env.CHANGAN_PASSWORD;
  if (!process.stdin.isTTY) throw new Error('set CHANGAN_PASSWORD, or run on a terminal to be asked');
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Echo nothing while the password is typed.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s) => {
    if (s.startsWith(prompt)) process.stdout.write(prompt);
  };
  const answer = await new Promise<string>((resolve) => rl.question(prompt, resolve));
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function main(argv: string[]): Promise<string> {
  const [command, username, ...rest] = argv;
  const env = loadEnv();
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await migrate(db.pool);
    await ensureUnits(db.pool);
    switch (command) {
      case 'add': {
        if (!username) throw new Error(USAGE);
        const role = flag(rest, 'role') as Role | undefined;
        const unitCode = flag(rest, 'unit') ?? null;
        // A liaison's scope is their unit's area.
        const unitArea = unitCode ? (await db.pool.query(`SELECT jurisdiction_code FROM units WHERE code = $1`, [unitCode])).rows[0]?.jurisdiction_code : undefined;
        const scopeCode = flag(rest, 'scope') ?? unitArea;
        if (!role || !scopeCode) throw new Error(`--role and --scope (or --unit for a liaison) are required\n${USAGE}`);
        const password = await readPassword(`password for ${username}: `);
        const id = await createUser(db.pool, {
          username,
          role,
          scopeCode,
          unitCode,
          displayName: flag(rest, 'name') ?? username,
          password,
        });
        return `created ${username} (id ${id}, ${role}, scope ${scopeCode})`;
      }
      case 'password': {
        const password = await readPassword(`new password for ${username}: `);
        if (password.length < MIN_PASSWORD_LENGTH) throw new Error(`password: at least ${MIN_PASSWORD_LENGTH} characters`);
        const r = await db.pool.query(`UPDATE users SET password_hash = $2 WHERE username = $1`, [username, await hashPassword(password)]);
        if (!r.rowCount) throw new Error(`no user ${username}`);
        await db.pool.query(`DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = $1)`, [username]);
        return `password of ${username} changed; their sessions ended`;
      }
      case 'disable':
      case 'enable': {
        const r = await db.pool.query(`UPDATE users SET disabled = $2 WHERE username = $1`, [username, command === 'disable']);
        if (!r.rowCount) throw new Error(`no user ${username}`);
        return `${username} ${command}d`;
      }
      case 'list': {
        const r = await db.pool.query(
          `SELECT u.username, u.role, u.scope_code, n.code AS unit, u.disabled, u.demo FROM users u LEFT JOIN units n ON n.id = u.unit_id ORDER BY u.username`,
        );
        return r.rows.map((x) => `${x.username}\t${x.role}\t${x.scope_code}\t${x.unit ?? ''}${x.disabled ? '\tdisabled' : ''}${x.demo ? '\tdemo' : ''}`).join('\n');
      }
      default:
        throw new Error(USAGE);
    }
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (out) => console.log(out),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
