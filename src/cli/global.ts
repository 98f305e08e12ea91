import type { Command } from 'commander';
import { resolveConfig, type AppConfig } from '../config.js';
import { UsageError } from './usage-error.js';

/** The resolved global options of the program a sub-command belongs to. */
export function globalConfig(cmd: Command): AppConfig {
  try {
    return resolveConfig(cmd.optsWithGlobals());
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}
