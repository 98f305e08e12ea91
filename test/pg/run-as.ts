import { execFileSync } from 'node:child_process';

/** The unprivileged account PostgreSQL runs as; `undefined` means the current user. */
export interface RunAs {
  user: string;
  uid: number;
  gid: number;
}

export type LookupUser = (name: string) => { uid: number; gid: number } | undefined;

/**
 * PostgreSQL refuses to run as root. As root we run it as `postgres` when that account exists (a machine
 * with PostgreSQL packages installed), otherwise as `nobody`, which every Debian/Ubuntu/Alpine has: the
 * tests must never add accounts to the machine. Not root: run it as ourselves.
 */
export function chooseRunAs(currentUid: number, lookup: LookupUser): RunAs | undefined {
  if (currentUid !== 0) return undefined;
  for (const user of ['postgres', 'nobody']) {
    const ids = lookup(user);
    if (ids && ids.uid !== 0) return { user, ...ids };
  }
  throw new Error('Running as root, and neither a "postgres" nor a "nobody" account exists to run the test PostgreSQL as.');
}

export const lookupUser: LookupUser = (name) => {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
};

export function runAsHere(): RunAs | undefined {
  return chooseRunAs(process.getuid?.() ?? -1, lookupUser);
}
