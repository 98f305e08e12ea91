import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { imOf } from '../fakes/slack-web-api.js';
import { SlackWorld, U } from './harness.js';

let s: SlackWorld;
beforeEach(async () => {
  s = await SlackWorld.start();
});
afterEach(async () => s.close());

/**
 * Slack delivers an event again (X-Slack-Retry-Num) when it missed the answer, also across a restart of
 * the assistant, when nothing in memory remembers the event_id: the store's inbound dedupe must.
 */
describe('Slack: an event delivered again after a restart', () => {
  it('is handled once: no reply, no state change; the dialogue goes on from where it was', async () => {
    s.slack.emails.set(U.siti, 'siti@example.go.id');
    await s.say(U.siti, 'halo');
    await s.say(U.siti, 'lapor webinar');
    const title = s.dmEvent(U.siti, 'Webinar Etika ASN');
    await s.collect(U.siti, async () => {
      expect((await s.postEvent(title, { eventId: 'Ev0TITLE' })).status).toBe(200);
    });
    const posted = s.slack.posted.filter((m) => m.channel === imOf(U.siti)).length;
    const state = await s.w.store.getState(`slack:${U.siti}`);
    expect(state?.step).toBe('organizer');

    await s.restart();
    const again = await s.collect(U.siti, async () => {
      const retry = await s.postEvent(title, {
        eventId: 'Ev0TITLE',
        headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' },
      });
      expect(retry.status).toBe(200);
    });
    expect(again).toEqual([]);
    expect(s.slack.posted.filter((m) => m.channel === imOf(U.siti))).toHaveLength(posted);
    expect(await s.w.store.getState(`slack:${U.siti}`)).toEqual(state);

    const next = await s.say(U.siti, 'Kementerian PANRB');
    expect(next).toHaveLength(1);
    expect((await s.w.store.getState(`slack:${U.siti}`))?.step).not.toBe('organizer');
  });
});

describe('Slack: a retry that arrives while the first delivery is still being handled', () => {
  it('is answered only once the first is committed, and handled once', async () => {
    s.slack.emails.set(U.siti, 'siti@example.go.id');
    await s.say(U.siti, 'halo');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const handleTurn = s.engine.handleTurn.bind(s.engine);
    s.engine.handleTurn = async (event, opts) => {
      await gate;
      return handleTurn(event, opts);
    };
    const event = s.dmEvent(U.siti, 'jp saya');
    const first = s.postEvent(event, { eventId: 'Ev0SLOW' });
    await new Promise((r) => setTimeout(r, 50));
    const retry = s.postEvent(event, { eventId: 'Ev0SLOW', headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' } });
    let answered = 0;
    void first.then(() => answered++);
    void retry.then(() => answered++);
    await new Promise((r) => setTimeout(r, 200));
    expect(answered).toBe(0);
    release();
    expect((await first).status).toBe(200);
    expect((await retry).status).toBe(200);
    await s.adapter.idle();
    expect(await s.w.store.inboundSeen('slack:event:Ev0SLOW:0')).toBe(true);
    expect(s.slack.posted.filter((m) => m.channel === imOf(U.siti) && (m.text ?? '').includes('JP'))).toHaveLength(1);
  });
});
