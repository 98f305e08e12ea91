import { rmSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, stopServerIn, stopServerInSync } from './server.js';

/**
 * One PostgreSQL per test run, shared by every vitest worker and started only when a test first asks for
 * it. The run's state folder (made by the global setup) is the meeting point: the first worker to create
 * `start.lock` starts the server in `server/` and publishes its URL in `server.json`; the others wait for
 * that file (or `failed.txt`). The global setup's teardown stops whatever was started.
 */
const files = (stateDir: string) => ({
  lock: join(stateDir, 'start.lock'),
  server: join(stateDir, 'server'),
  published: join(stateDir, 'server.json'),
  failed: join(stateDir, 'failed.txt'),
});

const WAIT_MS = 60_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readPublished(stateDir: string): Promise<string | undefined> {
  const f = files(stateDir);
  const published = await readFile(f.published, 'utf8').catch(() => undefined);
  if (published !== undefined) return (JSON.parse(published) as { url: string }).url;
  const failed = await readFile(f.failed, 'utf8').catch(() => undefined);
  if (failed !== undefined) throw new Error(failed);
  return undefined;
}

/** The shared server's superuser URL, starting the server if no worker has yet. */
export async function sharedServerUrl(stateDir: string): Promise<string> {
  const f = files(stateDir);
  const known = await readPublished(stateDir);
  if (known !== undefined) return known;

  const claimed = await mkdir(f.lock).then(() => true, (error: NodeJS.ErrnoException) => {
    if (error.code === 'EEXIST') return false;
    throw error;
  });
  if (claimed) {
    try {
      const { url } = await startServer(f.server);
      await writeFile(`${f.published}.tmp`, JSON.stringify({ url }));
      await rename(`${f.published}.tmp`, f.published);
      return url;
    } catch (error) {
      await writeFile(f.failed, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    await sleep(25);
    const url = await readPublished(stateDir);
    if (url !== undefined) return url;
  }
  throw new Error(`Waited ${WAIT_MS / 1000} s for another test worker to start the test PostgreSQL (see ${f.server}).`);
}

/** Teardown: waits for a start in progress, stops the server if one was started, removes the state folder. */
export async function stopSharedServer(stateDir: string): Promise<void> {
  const f = files(stateDir);
  const starting = await stat(f.lock).then(() => true, () => false);
  const settled = () => readPublished(stateDir).then((url) => url !== undefined, () => true);
  const deadline = Date.now() + WAIT_MS;
  while (starting && !(await settled()) && Date.now() < deadline) await sleep(25);
  await stopServerIn(f.server);
  await rm(stateDir, { recursive: true, force: true });
}

export function stopSharedServerSync(stateDir: string): void {
  stopServerInSync(files(stateDir).server);
  rmSync(stateDir, { recursive: true, force: true });
}
