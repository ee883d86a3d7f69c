/**
 * A stand-in for api/main.ts under `npm start`'s watcher (tests/unit/supervisor.test.ts): notes
 * each start in $STARTS_FILE, then, by $MODE: `crash` says it is up and dies (code 1) until it has
 * been started 3 times, then stays up; `fail` dies (code 3) before it is up.
 */
import fs from 'node:fs';

const file = process.env.STARTS_FILE!;
fs.appendFileSync(file, `${process.pid}\n`);
const starts = fs.readFileSync(file, 'utf8').trim().split('\n').length;
if (process.env.MODE === 'fail') process.exit(3);
// As api/main.ts: a SIGTERM is a clean stop.
process.on('SIGTERM', () => process.exit(0));
process.send?.({ type: 'up' });
if (starts < 3) setTimeout(() => process.exit(1), 50);
else setInterval(() => undefined, 1000);
