import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackSender } from '../../adapters/slack/sender.js';
import type { OutboundMessage, OutgoingFile } from '../../src/chat/events.js';
import { Outbox } from '../../src/delivery/outbox.js';
import { keepDocument } from '../../src/domain/keep-document.js';
import type { Store } from '../../src/domain/store.js';
import { openLowdbStore } from '../../src/store/lowdb-store.js';
import { FakeSlackWebApi, imOf } from '../fakes/slack-web-api.js';
import { smallPdf } from '../helpers/small-pdf.js';

const to = { platform: 'slack', id: 'U0SITI' } as const;
const doc = (file: OutgoingFile, text = ''): OutboundMessage => ({ kind: 'document', to, file, text });

let slack: FakeSlackWebApi;
let dir: string;
let store: Store;
const outboxFor = (files: Store | undefined) =>
  new Outbox([createSlackSender({ token: slack.token, apiUrl: slack.url, ...(files ? { files } : {}) })], {
    retries: 2,
    minBackoffMs: 10,
    maxBackoffMs: 20,
  });

beforeEach(async () => {
  slack = await FakeSlackWebApi.start();
  dir = await mkdtemp(join(tmpdir(), 'bangkom-slackdoc-'));
  store = await openLowdbStore(join(dir, 'db.json'));
});
afterEach(async () => {
  await slack.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('Slack file upload through the outbox', () => {
  it("uploads the stored bytes (getUploadURLExternal, the bytes, completeUploadExternal) into the user's DM with the caption", async () => {
    const pdf = smallPdf('siti');
    const file = await keepDocument(store, pdf, 'Kartu Data Siti Rahmawati.pdf', 'application/pdf');
    expect(await outboxFor(store).deliver([doc(file, 'Kartu Data *Siti* <!channel>')])).toEqual({ sent: 1, failed: [] });

    expect(slack.calls.map((c) => c.method)).toEqual(['conversations.open', 'files.getUploadURLExternal', 'upload', 'files.completeUploadExternal']);
    expect(slack.callsTo('files.getUploadURLExternal')[0]!.args).toMatchObject({ filename: 'Kartu Data Siti Rahmawati.pdf', length: String(pdf.byteLength) });
    const [shared] = slack.sharedFiles(imOf(to.id));
    expect(shared).toMatchObject({ name: 'Kartu Data Siti Rahmawati.pdf', title: 'Kartu Data Siti Rahmawati.pdf' });
    expect(Buffer.from(shared!.bytes).equals(Buffer.from(pdf))).toBe(true);
    // The caption is the message sharing the file, escaped so that it can mention nobody.
    expect(slack.posted.at(-1)!.text).toBe('Kartu Data *Siti* &lt;!channel&gt;');
  });

  it('opens the DM once per user; a failed upload is retried from a new upload URL', async () => {
    const file = await keepDocument(store, smallPdf(), 'kartu.pdf', 'application/pdf');
    const outbox = outboxFor(store);
    slack.failNext('upload', { status: 500 });
    expect((await outbox.deliver([doc(file), doc(file)])).sent).toBe(2);
    expect(slack.callsTo('conversations.open')).toHaveLength(1);
    expect(slack.callsTo('files.getUploadURLExternal')).toHaveLength(3);
    expect(slack.sharedFiles(imOf(to.id))).toHaveLength(2);
  });

  it('Retry-After is waited out; a user who is gone is unreachable; a revoked token is fatal', async () => {
    const file = await keepDocument(store, smallPdf(), 'kartu.pdf', 'application/pdf');
    slack.failNext('files.completeUploadExternal', { status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    expect((await outboxFor(store).deliver([doc(file)])).sent).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);

    slack.failNext('conversations.open', { error: 'user_not_found' });
    expect((await outboxFor(store).deliver([doc(file)])).failed).toMatchObject([{ reason: 'unreachable', error: 'slack: user_not_found' }]);
    slack.failNext('files.getUploadURLExternal', { error: 'token_revoked' });
    expect((await outboxFor(store).deliver([doc(file)])).failed).toMatchObject([{ reason: 'fatal', error: 'slack: token_revoked' }]);
  });

  it('a file gone from the store is refused for good before any call; no store keeps it for later', async () => {
    const file = await keepDocument(store, smallPdf(), 'kartu.pdf', 'application/pdf');
    const gone = { ...file, hash: 'f'.repeat(64), path: join(dir, 'evidence', 'nope.pdf') };
    expect((await outboxFor(store).deliver([doc(gone)])).failed).toMatchObject([{ reason: 'permanent' }]);
    expect((await outboxFor(undefined).deliver([doc(file)])).failed).toMatchObject([{ reason: 'gave-up' }]);
    expect(slack.calls).toEqual([]);
  });
});
