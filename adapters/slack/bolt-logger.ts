import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/platform/adapter.js';

const ORDER = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/** Bolt's and the WebClient's log lines into the assistant's logger (debug dropped). */
export function boltLogger(log: Logger, initial: LogLevel = LogLevel.WARN): BoltLogger {
  let level = initial;
  const text = (msg: unknown[]) => `slack: ${msg.map((m) => (m instanceof Error ? m.message : String(m))).join(' ')}`;
  const on = (l: LogLevel) => ORDER.indexOf(l) >= ORDER.indexOf(level);
  return {
    debug: () => undefined,
    info: (...msg: unknown[]) => (on(LogLevel.INFO) ? log.info(text(msg)) : undefined),
    warn: (...msg: unknown[]) => (on(LogLevel.WARN) ? log.warn(text(msg)) : undefined),
    error: (...msg: unknown[]) => log.error(text(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
