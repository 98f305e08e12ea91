import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { LowdbStore } from '../../src/store/lowdb-store.js';

it('a read-only snapshot taken while the writer commits and checkpoints holds every commit acknowledged before it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'bangkom-snapshot-'));
  const db = join(dir, 'db.json');
  // Tiny checkpoints: the writer rotates and drops logs all the time, racing the snapshots.
  const writer = new LowdbStore(db, { checkpointBytes: 3000 });
  await writer.open();
  let committed = 0;
  let stop = false;
  const writing = (async () => {
    for (let i = 0; !stop; i++) {
      await writer.setState({ key: `k${i}`, dialog: 'x', step: 's', data: { pad: 'y'.repeat(200) }, trail: [], updatedAt: '2026-01-01T00:00:00.000Z' });
      committed = i + 1;
      if (i % 5 === 0) await new Promise((r) => setImmediate(r));
    }
  })();
  let snapshots = 0;
  const incomplete: number[] = [];
  try {
    const until = Date.now() + 2500;
    while (Date.now() < until) {
      const acknowledged = committed;
      const snapshot = new LowdbStore(db, { readOnly: true });
      await snapshot.open();
      snapshots++;
      for (let i = 0; i < acknowledged; i++) {
        if (!(await snapshot.getState(`k${i}`))) {
          incomplete.push(i);
          break;
        }
      }
      await snapshot.close();
    }
  } finally {
    stop = true;
    await writing;
    await writer.close();
    await rm(dir, { recursive: true, force: true });
  }
  expect(snapshots).toBeGreaterThan(20);
  expect(incomplete).toEqual([]);
});
