import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importRoster, parseRoster } from '../../src/domain/roster.js';
import { SCHEMA_VERSION } from '../../src/domain/types.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import type { Store } from '../../src/domain/store.js';

const now = new Date('2026-11-22T03:00:00Z');
const HEADER = 'nip,nama,jabatan,unit,atasan_nip,email,telegram_id,slack_id,role';

describe('parseRoster', () => {
  it('reports bad rows by line with the reason and keeps the good ones', () => {
    const csv = [
      HEADER,
      '19640321 199103 1 009,"Sari, S.Kom",Kabid,Bidang A,,sari@x.go.id,123456,U01ABCDEF,admin',
      '196403211991031,Pendek,Staf,Bidang A,,,,,',
      '199003152015032001,Tanpa Unit,Staf,,,,,,',
      '199003152015032002,Email Salah,Staf,Bidang A,,bukan-email,,,',
      '199003152015032003,Role Aneh,Staf,Bidang A,,,,,superuser',
      '199003152015032004,Atasan Salah,Staf,Bidang A,123,,,,',
      '19640321 199103 1 009,Ganda,Staf,Bidang A,,,,,',
    ].join('\n');
    const { rows, errors } = parseRoster(csv, now);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      employee: { nip: '196403211991031009', name: 'Sari, S.Kom', role: 'admin', email: 'sari@x.go.id', atasanNip: null },
      telegramId: '123456',
      slackId: 'U01ABCDEF',
    });
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(errors[0]!.reason).toContain('18 digit');
    expect(errors[1]!.reason).toContain('unit');
    expect(errors[2]!.reason).toContain('email');
    expect(errors[3]!.reason).toContain('role');
    expect(errors[4]!.reason).toContain('atasan_nip');
    expect(errors[5]!.reason).toContain('ganda');
  });

  it('refuses a file without the required columns', () => {
    const { rows, errors } = parseRoster('nip,nama\n199003152015032001,X', now);
    expect(rows).toHaveLength(0);
    expect(errors[0]).toMatchObject({ line: 1 });
    expect(errors[0]!.reason).toContain('jabatan');
  });
});

describe('importRoster', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'roster-'));
    store = await openLowdbStore(join(dir, 'db.json'));
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('re-importing updates by NIP, never deletes activities, and links chat ids from the roster', async () => {
    const first = [HEADER, '199003152015032001,Siti,Analis,Bidang A,,,555,,'].join('\n');
    expect(await importRoster(store, first, now)).toMatchObject({ created: 1, updated: 0, linked: 1, errors: [] });
    expect((await store.getAccount('telegram', '555'))?.nip).toBe('199003152015032001');
    await store.addActivity({
      schemaVersion: SCHEMA_VERSION,
      id: 'a1',
      nip: '199003152015032001',
      input: { type: 'seminar', scope: 'nasional', start: '2026-03-10', end: '2026-03-10', days: 1 },
      title: 'Seminar',
      organizer: 'X',
      profile: 'lan-2018',
      jp: 4,
      explanation: '',
      year: 2026,
      status: 'approved',
      history: [],
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    });
    const second = [HEADER, '199003152015032001,Siti Rahmawati,Analis Ahli Muda,Bidang B,,,555,,'].join('\n');
    expect(await importRoster(store, second, now)).toMatchObject({ created: 0, updated: 1, linked: 0 });
    expect(await store.getEmployee('199003152015032001')).toMatchObject({ name: 'Siti Rahmawati', unit: 'Bidang B' });
    expect(await store.activitiesOf('199003152015032001')).toHaveLength(1);
  });
});
