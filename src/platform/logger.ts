import { pino } from 'pino';
import type { Logger } from './adapter.js';

/** JSON logs on stderr (stdout stays free for the CLI's own output). */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const log = pino({ level, base: undefined }, pino.destination(2));
  return {
    info: (msg, extra) => log.info(extra ?? {}, msg),
    warn: (msg, extra) => log.warn(extra ?? {}, msg),
    error: (msg, extra) => log.error(extra ?? {}, msg),
  };
}
