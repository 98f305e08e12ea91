import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { stopSharedServer, stopSharedServerSync } from './shared-server.js';
import { externalUrl, type PgTarget } from './target.js';

/**
 * Gives the workers a PostgreSQL target. Nothing starts here: the embedded server starts when a test first
 * calls freshDatabase()/pgUrl(), so runs without PostgreSQL tests pay nothing.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = externalUrl(process.env.BANGKOM_TEST_DATABASE_URL);
  if (url !== undefined) {
    project.provide('bangkomPg', { kind: 'external', url } satisfies PgTarget);
    return async () => undefined;
  }
  const stateDir = await mkdtemp(join(tmpdir(), 'bangkom-pg-'));
  // PostgreSQL may run as another user (see run-as.ts): it must be able to reach its folder inside.
  await chmod(stateDir, 0o711);
  project.provide('bangkomPg', { kind: 'embedded', stateDir } satisfies PgTarget);
  // If vitest exits without running the teardown (Ctrl-C, a crash), still leave no server behind.
  const onExit = () => stopSharedServerSync(stateDir);
  process.once('exit', onExit);
  return async () => {
    process.off('exit', onExit);
    await stopSharedServer(stateDir);
  };
}
