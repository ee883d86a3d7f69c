/**
 * `npm run build:client`: builds the client unless its sources are unchanged since the last build
 * (the stamp `npm start` and the browser tests read too), so CI can build it beside the typecheck.
 */
import { buildClientIfStale } from './start';

await buildClientIfStale();
