import { openApp, type App } from '../app/open.js';
import type { AppConfig } from '../config.js';
import { StoreError } from '../store/errors.js';
import { UsageError } from './usage-error.js';

/**
 * The store for a command that writes unless `dryRun`: a dry run only reads, so it opens a read-only
 * snapshot that works while the assistant holds the lowdb store; a real run needs the store for itself, and
 * a held lock becomes `whenLocked` (what to do instead), with the lock's own message after it.
 */
export async function openStoreFor(config: AppConfig, dryRun: boolean, whenLocked: string): Promise<App> {
  if (dryRun) return openApp(config, { readOnly: true });
  try {
    return await openApp(config);
  } catch (err) {
    if (err instanceof StoreError && err.code === 'locked') throw new UsageError(`${whenLocked}\n(${err.message})`);
    throw err;
  }
}
