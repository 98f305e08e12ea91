import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { timestampProblem } from '../../adapters/slack/request-timestamp.js';
import { imOf } from '../fakes/slack-web-api.js';
import { SlackWorld, U } from './harness.js';

const NOW_MS = 1_790_000_000_500;
const NOW_S = Math.floor(NOW_MS / 1000);

describe('timestampProblem (X-Slack-Request-Timestamp at most 5 minutes from our clock, either way)', () => {
  const cases: [string, string | string[] | undefined, RegExp | undefined][] = [
    ['now', String(NOW_S), undefined],
    ['4 minutes ahead', String(NOW_S + 240), undefined],
    ['exactly 5 minutes ahead', String(NOW_S + 300), undefined],
    ['5 minutes and 1 s ahead', String(NOW_S + 301), /301 s ahead/],
    ['an hour ahead', String(NOW_S + 3600), /3600 s ahead/],
    ['4 minutes behind', String(NOW_S - 240), undefined],
    ['exactly 5 minutes behind', String(NOW_S - 300), undefined],
    ['5 minutes and 1 s behind', String(NOW_S - 301), /301 s behind/],
    ['an hour behind', String(NOW_S - 3600), /3600 s behind/],
    ['missing', undefined, /missing/],
    ['empty', '', /missing/],
    ['not a number', 'soon', /not a number/],
    ['fractional', `${NOW_S}.5`, /not a number/],
    ['negative', `-${NOW_S}`, /not a number/],
    ['in milliseconds (13 digits)', String(NOW_MS), /not a number/],
    ['repeated header', [String(NOW_S), String(NOW_S)], /missing/],
  ];
  it.each(cases)('%s', (_name, header, expected) => {
    const problem = timestampProblem(header, NOW_MS);
    if (expected) expect(problem).toMatch(expected);
    else expect(problem).toBeUndefined();
  });
});

describe('Slack HTTP receiver: signed requests stamped too far from now', () => {
  let s: SlackWorld;
  let turns: number;
  beforeEach(async () => {
    s = await SlackWorld.start();
    turns = 0;
    const handleTurn = s.engine.handleTurn.bind(s.engine);
    s.engine.handleTurn = async (event, opts) => {
      turns++;
      return handleTurn(event, opts);
    };
  });
  afterEach(async () => s.close());

  const nowS = () => Math.floor(Date.now() / 1000);
  const sent = () => s.slack.callsTo('chat.postMessage');

  it('refuses an event or a press stamped an hour ahead or behind (401, a warning), and the engine never sees it', async () => {
    for (const offset of [3600, -3600]) {
      const res = await s.postEvent(s.dmEvent(U.andi, 'halo'), { timestamp: nowS() + offset });
      expect(res.status).toBe(401);
    }
    const press = s.pressPayload(U.andi, { channel: imOf(U.andi), ts: '1790000001.000100', text: 'x', action: 'menu:lapor', label: 'Lapor' });
    expect((await s.postInteraction(press, { timestamp: nowS() + 3600 })).status).toBe(401);
    await s.adapter.idle();
    expect(turns).toBe(0);
    expect(sent()).toEqual([]);
    const warnings = s.logs.filter((l) => l.startsWith('warn') && l.includes('request refused'));
    expect(warnings).toEqual([
      expect.stringMatching(/X-Slack-Request-Timestamp is 3\d{3} s ahead/),
      expect.stringMatching(/X-Slack-Request-Timestamp is 3\d{3} s behind/),
      expect.stringMatching(/X-Slack-Request-Timestamp is 3\d{3} s ahead/),
    ]);
  });

  it('accepts a request stamped 4 minutes ahead or behind (clock drift within the window)', async () => {
    for (const offset of [240, -240]) {
      const replies = await s.collect(U.andi, async () => {
        expect((await s.postEvent(s.dmEvent(U.andi, 'halo'), { timestamp: nowS() + offset })).status).toBe(200);
      });
      expect(replies.map((m) => m.text)).toEqual([expect.stringContaining('belum terhubung')]);
    }
    expect(turns).toBe(2);
  });

  it('a request stamped an hour ahead with a wrong signature is refused just the same', async () => {
    const res = await s.postEvent(s.dmEvent(U.andi, 'halo'), { timestamp: nowS() + 3600, secret: 'not-the-secret' });
    expect(res.status).toBe(401);
    await s.adapter.idle();
    expect(turns).toBe(0);
  });
});
