import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PressedMessages, type ShownBlock } from '../../adapters/slack/pressed.js';
import { createSlackSender } from '../../adapters/slack/sender.js';
import { Outbox } from '../../src/delivery/outbox.js';
import { DeliveryError, type PlatformSender } from '../../src/delivery/types.js';
import type { OutboundMessage } from '../../src/chat/events.js';
import { FakeSlackWebApi } from '../fakes/slack-web-api.js';

let slack: FakeSlackWebApi;
let sender: PlatformSender;
beforeEach(async () => {
  slack = await FakeSlackWebApi.start();
  sender = createSlackSender({ token: slack.token, apiUrl: slack.url });
});
afterEach(async () => slack.close());

const to = { platform: 'slack', id: 'U0SITI' } as const;
const hello: OutboundMessage = { kind: 'send', to, text: 'Halo *Siti*' };
const outbox = () => new Outbox([sender], { retries: 3, minBackoffMs: 10, maxBackoffMs: 50 });

describe('createSlackSender', () => {
  it('posts Block Kit: escaped mrkdwn sections, one actions block per row, action_id = value = button id', async () => {
    const long = Array.from({ length: 80 }, (_, i) => `baris ${i} ${'x'.repeat(80)}`).join('\n');
    const label = 'L'.repeat(90);
    const { ref } = await sender.send({
      kind: 'send',
      to,
      text: `Judul <!channel> & *tebal*\n${long}`,
      buttons: [[{ id: 'r:scope:nasional', label: 'Nasional' }, { id: 'r:scope:intl', label }], [{ id: 'r:cancel', label: 'Batal' }]],
    });
    const [call] = slack.callsTo('chat.postMessage');
    expect(call!.args.channel).toBe('U0SITI');
    const blocks = call!.args.blocks as { type: string; text?: { text: string }; elements?: Record<string, any>[] }[];
    const sections = blocks.filter((b) => b.type === 'section').map((b) => b.text!.text);
    expect(sections.length).toBeGreaterThan(1);
    expect(sections.every((t) => t.length <= 3000)).toBe(true);
    expect(sections.join('\n')).toBe(`Judul &lt;!channel&gt; &amp; *tebal*\n${long}`);
    expect(call!.args.text).toBe(sections.join('\n'));
    const actions = blocks.filter((b) => b.type === 'actions');
    expect(actions.map((a) => a.elements!.map((e) => [e.action_id, e.value]))).toEqual([
      [['r:scope:nasional', 'r:scope:nasional'], ['r:scope:intl', 'r:scope:intl']],
      [['r:cancel', 'r:cancel']],
    ]);
    expect(actions[0]!.elements![1]!.text.text).toHaveLength(75);
    expect(ref).toMatch(/^D0SITI\/\d+\.\d+$/);
  });

  it('an edit updates the message its ref names (chat.update), without buttons when it has none', async () => {
    const { ref } = await sender.send({ ...hello, buttons: [[{ id: 'x', label: 'X' }]] });
    await sender.send({ kind: 'edit', to, messageRef: ref!, text: 'Sudah diputuskan' });
    const [update] = slack.callsTo('chat.update');
    const [channel, ts] = ref!.split('/');
    expect(update!.args).toMatchObject({ channel, ts, text: 'Sudah diputuskan' });
    expect(slack.message(channel!, ts!)!.blocks.map((b) => b.type)).toEqual(['section']);
    await expect(sender.send({ kind: 'edit', to, messageRef: 'console:7', text: 'x' })).rejects.toMatchObject({ opts: { permanent: true } });
  });

  it('maps a 429 to retryAfterMs without retrying inside the client; the outbox waits it out', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    const err = await sender.send(hello).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).opts).toMatchObject({ retryAfterMs: 1000, status: 429 });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);

    slack.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 });
    const started = Date.now();
    const report = await outbox().deliver([hello]);
    expect(report).toEqual({ sent: 1, failed: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(3);
  });

  it('gives up at once on channel_not_found and not_in_channel; invalid_auth is fatal; retries internal_error and 5xx', async () => {
    for (const error of ['channel_not_found', 'not_in_channel']) {
      slack.failNext('chat.postMessage', { error });
      const report = await outbox().deliver([hello]);
      expect(report.failed.map((f) => f.error)).toEqual([`slack: ${error}`]);
    }
    const wrongToken = createSlackSender({ token: 'xoxb-wrong', apiUrl: `${slack.url}/` });
    await expect(wrongToken.send(hello)).rejects.toMatchObject({ message: 'slack: invalid_auth', opts: { fatal: true } });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(3);

    slack.failNext('chat.postMessage', { error: 'internal_error' });
    slack.failNext('chat.postMessage', { status: 503 });
    expect(await outbox().deliver([hello])).toEqual({ sent: 1, failed: [] });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(6);
  });

  it('a revoked token answers fatal (not permanent: the message stays in the outbox); a user who is gone, unreachable', async () => {
    slack.failNext('chat.postMessage', { error: 'token_revoked' });
    const revoked = await sender.send(hello).catch((e: unknown) => e);
    expect(revoked).toBeInstanceOf(DeliveryError);
    expect(revoked).toMatchObject({ message: 'slack: token_revoked', opts: { fatal: true } });
    expect((revoked as DeliveryError).opts.permanent).toBeUndefined();

    slack.failNext('chat.postMessage', { error: 'user_not_found' });
    const gone = await sender.send({ ...hello, to: { platform: 'slack', id: 'U0GONE' } }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(DeliveryError);
    expect((gone as DeliveryError).opts).toEqual({ permanent: true, unreachable: true });
    expect(slack.callsTo('chat.postMessage').map((c) => c.args.channel)).toEqual(['U0SITI', 'U0GONE']);
    expect(slack.posted).toEqual([]);
  });

  it('a long message split over several posts: a retry after a later part failed does not post the earlier parts again', async () => {
    const long = Array.from({ length: 400 }, (_, i) => `baris ${i} ${'x'.repeat(80)}`).join('\n');
    slack.failNext('chat.postMessage', { error: 'internal_error', skip: 1 });
    const report = await outbox().deliver([{ kind: 'send', to, text: long, buttons: [[{ id: 'lagi', label: 'Lagi' }]] }]);
    expect(report).toEqual({ sent: 1, failed: [] });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(3);
    expect(slack.posted).toHaveLength(2);
    expect(slack.posted.map((m) => m.text).join('\n')).toBe(long);
    expect(slack.posted.map((m) => m.blocks.filter((b) => b.type === 'actions').length)).toEqual([0, 1]);
  });

  it('retires a pressed message: its blocks stay but the actions, the note goes under them, the text stays', async () => {
    const pressed = new PressedMessages();
    const retiring = createSlackSender({ token: slack.token, apiUrl: slack.url, pressed });
    const { ref } = await retiring.send({
      kind: 'send',
      to,
      text: 'Kegiatan *nasional* atau <internasional>?',
      buttons: [[{ id: 'r:n:scope:nas', label: 'Nasional' }, { id: 'r:n:scope:int', label: 'Internasional' }]],
    });
    const [channel, ts] = ref!.split('/') as [string, string];
    const shown = slack.message(channel, ts)!;
    pressed.remember(ref!, { text: shown.text, blocks: structuredClone(shown.blocks) as ShownBlock[] });
    expect(await retiring.send({ kind: 'retire', to, messageRef: ref!, note: '✓ Nasional <pilihan>' })).toEqual({ ref });
    expect(shown.text).toBe('Kegiatan *nasional* atau &lt;internasional&gt;?');
    expect(shown.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Kegiatan *nasional* atau &lt;internasional&gt;?' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '✓ Nasional &lt;pilihan&gt;' }] },
    ]);
    expect(slack.callsTo('conversations.history')).toEqual([]);
  });

  it('without the pressed message at hand, reads it from the DM history; a message that is gone is nothing to retire', async () => {
    const { ref } = await sender.send({ ...hello, buttons: [[{ id: 'x', label: 'X' }]] });
    const [channel, ts] = ref!.split('/') as [string, string];
    expect(await outbox().deliver([{ kind: 'retire', to, messageRef: ref! }])).toEqual({ sent: 1, failed: [] });
    expect(slack.callsTo('conversations.history').map((c) => c.args)).toEqual([expect.objectContaining({ channel, latest: ts, oldest: ts })]);
    expect(slack.message(channel, ts)).toMatchObject({ text: 'Halo *Siti*', blocks: [{ type: 'section' }], updates: 1 });

    expect(await outbox().deliver([{ kind: 'retire', to, messageRef: `${channel}/1.000001` }])).toEqual({ sent: 1, failed: [] });
    expect(slack.callsTo('chat.update')).toHaveLength(1);
    slack.failNext('chat.update', { error: 'message_not_found' });
    expect(await outbox().deliver([{ kind: 'retire', to, messageRef: ref!, note: '✓ X' }])).toEqual({ sent: 1, failed: [] });
    expect((await outbox().deliver([{ kind: 'retire', to, messageRef: '12345' }])).failed).toHaveLength(1);
  });
});
