import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFile, chmod, chown, mkdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { binariesFor } from './binaries.js';
import { runAsHere, type RunAs } from './run-as.js';

/**
 * One throwaway PostgreSQL cluster in a folder: initdb, then pg_ctl start. pg_ctl detaches the postmaster
 * (its own session, stdio on the log), so it outlives the vitest worker that happened to start it; whoever
 * owns the folder stops it with stopServerIn(dir). Tuned for tests: no fsync (nothing here must survive a
 * machine crash), UTC, the builtin C.UTF-8 locale so the machine's locales do not matter.
 */
export interface StartedServer {
  /** Superuser connection string for the `postgres` database. */
  url: string;
  dir: string;
}

const run = promisify(execFile);
const SETTINGS = `
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
timezone = 'UTC'
`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts a server in `dir` (created; its parent must be traversable by every user). */
export async function startServer(dir: string, runAs: RunAs | undefined = runAsHere()): Promise<StartedServer> {
  const asUser = runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o755);
  if (runAs) await chown(dir, runAs.uid, runAs.gid);
  const bin = await binariesFor(runAs, dir);

  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  const password = randomBytes(16).toString('hex');
  const pwfile = join(dir, 'pwfile');
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (runAs) await chown(pwfile, runAs.uid, runAs.gid);
  const env = { ...process.env, LC_ALL: 'C', TZ: 'UTC' };
  try {
    await run(bin.initdb, [
      `--pgdata=${data}`, '--username=postgres', `--pwfile=${pwfile}`, '--auth=scram-sha-256',
      '--encoding=UTF8', '--locale-provider=builtin', '--builtin-locale=C.UTF-8', '--locale=C',
      '--no-sync', '--no-instructions',
    ], { ...asUser, env });
  } catch (error) {
    throw new Error(`initdb failed for the test PostgreSQL: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  } finally {
    await unlink(pwfile).catch(() => undefined);
  }
  await appendFile(join(data, 'postgresql.conf'), SETTINGS);

  // The free port can be taken between probing and binding: try another.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      await run(bin.pg_ctl, ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', `-p ${port}`], { ...asUser, env });
      return { url: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`, dir };
    } catch (error) {
      const logText = await readFile(log, 'utf8').catch(() => '');
      if (attempt < 3 && /could not bind|Address already in use/.test(logText)) continue;
      throw new Error(`The test PostgreSQL did not start (log: ${log}):\n${logText.slice(-2000) || String(error)}`);
    }
  }
}

function postmasterPid(dir: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie: the detached postmaster's new parent may never reap it. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Immediate shutdown (the data is thrown away), then the folder is removed. */
export async function stopServerIn(dir: string): Promise<void> {
  const pid = postmasterPid(dir);
  if (pid !== undefined && alive(pid)) {
    signal(pid, 'SIGQUIT');
    const deadline = Date.now() + 10_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    if (alive(pid)) signal(pid, 'SIGKILL');
  }
  await rm(dir, { recursive: true, force: true });
}

/** For a process 'exit' handler, where nothing asynchronous runs: signal and remove, no waiting. */
export function stopServerInSync(dir: string): void {
  const pid = postmasterPid(dir);
  if (pid !== undefined && alive(pid)) signal(pid, 'SIGQUIT');
  rmSync(dir, { recursive: true, force: true });
}
