import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { importRoster } from '../../src/domain/roster.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { FakeSlackWebApi } from '../fakes/slack-web-api.js';
import { NIP, ROSTER_CSV } from '../helpers/script-driver.js';

const SECRET = 'process-signing-secret';
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

it('`bangkom start` runs Slack from the environment; SIGTERM finishes the event in hand, flushes the store, exits 0', async () => {
  const slack = await FakeSlackWebApi.start();
  const dir = await mkdtemp(join(tmpdir(), 'bangkom-slack-start-'));
  cleanup.push(() => slack.close(), () => rm(dir, { recursive: true, force: true }));
  const db = join(dir, 'db.json');
  const seed = await openLowdbStore(db);
  await importRoster(seed, ROSTER_CSV, new Date('2026-11-22T03:00:00Z'));
  await seed.close();

  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start'], {
    env: {
      PATH: process.env.PATH,
      SLACK_BOT_TOKEN: slack.token,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.url,
      PORT: '0',
      BANGKOM_DB: db,
      BANGKOM_NOW: '2026-11-22T03:00:00Z',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanup.push(async () => {
    child.kill('SIGKILL');
    await exited;
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr.on('data', () => {
      const m = /"msg":"slack: receiving"/.test(stderr) && /"port":(\d+)/.exec(stderr);
      if (m) resolve(Number(m[1]));
    });
    void exited.then((code) => reject(new Error(`exited early (${code}): ${stderr}`)));
  });

  slack.emails.set('U0SITI', 'siti@example.go.id');
  slack.delay('chat.postMessage', 300);
  const body = JSON.stringify({
    type: 'event_callback',
    event_id: 'Ev0START',
    team_id: 'T0BANGKOM',
    event: { type: 'message', channel: 'D0SITI', channel_type: 'im', user: 'U0SITI', text: 'halo', ts: '1795000000.000100' },
  });
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Slack-Request-Timestamp': String(ts), 'X-Slack-Signature': signature },
    body,
  });
  expect(res.status).toBe(200);

  const stopAt = Date.now();
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(Date.now() - stopAt).toBeLessThan(5000);
  expect(slack.posted.map((m) => m.text)).toEqual([expect.stringContaining('terhubung otomatis')]);
  const store = await openLowdbStore(db);
  cleanup.push(() => store.close());
  expect((await store.getAccount('slack', 'U0SITI'))?.nip).toBe(NIP.siti);
});
