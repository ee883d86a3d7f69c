import fs from 'node:fs';

/** Reads a .sql file that sits beside the module using it: `sqlFile(new URL('./x.sql', import.meta.url))`. */
export function sqlFile(url: URL): string {
  return fs.readFileSync(url, 'utf8');
}
