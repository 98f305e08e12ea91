import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Logger } from '../../src/domain/log.js';
import type { Store } from '../../src/domain/store.js';
import { Engine } from '../../src/engine/engine.js';
import { makeWorld, NIP, type World } from '../helpers/script-driver.js';

let w: World;
beforeEach(async () => {
  w = await makeWorld();
  await w.link('siti', NIP.siti);
});
afterEach(async () => w.close());

it('a bug inside a turn is one structured log entry (issue 10 item 12: no raw stack trace among the JSON lines)', async () => {
  const entries: { level: string; msg: string; extra?: Record<string, unknown> }[] = [];
  const log: Logger = {
    info: (msg, extra) => void entries.push({ level: 'info', msg, ...(extra ? { extra } : {}) }),
    warn: (msg, extra) => void entries.push({ level: 'warn', msg, ...(extra ? { extra } : {}) }),
    error: (msg, extra) => void entries.push({ level: 'error', msg, ...(extra ? { extra } : {}) }),
  };
  // A store whose year query has a bug (not a storage failure): "berapa JP saya" runs into it.
  const buggy = new Proxy(w.store, {
    get(target, prop, receiver) {
      if (prop === 'transaction') {
        return (work: (tx: Store) => Promise<unknown>) =>
          target.transaction((tx) =>
            work(
              new Proxy(tx, {
                get: (t, p) => {
                  if (p === 'activitiesOf') return () => Promise.reject(new TypeError('boom'));
                  const value = Reflect.get(t, p, t);
                  return typeof value === 'function' ? value.bind(t) : value;
                },
              }),
            ),
          );
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const engine = new Engine({ ...w.deps, store: buggy, log });
  const result = await engine.handleTurn({ kind: 'text', from: { platform: 'console', id: 'siti' }, text: 'berapa JP saya' });
  expect(result.committed).toBe(true);
  expect(result.messages).toHaveLength(1); // the apology only
  const errors = entries.filter((e) => e.level === 'error');
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ msg: 'turn failed', extra: { platform: 'console', user: 'siti', event: 'text', error: 'boom' } });
  const stack = errors[0]!.extra!.stack as string[];
  expect(Array.isArray(stack) && stack.every((line) => !line.includes('\n'))).toBe(true);
});
