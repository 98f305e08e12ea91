import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackSender } from '../../adapters/slack/sender.js';
import { Outbox } from '../../src/delivery/outbox.js';
import { DeliveryError, type PlatformSender } from '../../src/delivery/types.js';
import type { OutboundMessage } from '../../src/engine/events.js';
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

  it('gives up at once on channel_not_found, not_in_channel and invalid_auth; retries internal_error and 5xx', async () => {
    for (const error of ['channel_not_found', 'not_in_channel']) {
      slack.failNext('chat.postMessage', { error });
      const report = await outbox().deliver([hello]);
      expect(report.failed.map((f) => f.error)).toEqual([`slack: ${error}`]);
    }
    const wrongToken = createSlackSender({ token: 'xoxb-wrong', apiUrl: `${slack.url}/` });
    await expect(wrongToken.send(hello)).rejects.toMatchObject({ message: 'slack: invalid_auth', opts: { permanent: true } });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(3);

    slack.failNext('chat.postMessage', { error: 'internal_error' });
    slack.failNext('chat.postMessage', { status: 503 });
    expect(await outbox().deliver([hello])).toEqual({ sent: 1, failed: [] });
    expect(slack.callsTo('chat.postMessage')).toHaveLength(6);
  });
});
