import { afterEach, beforeEach, expect, it } from 'vitest';
import { issueInvite } from '../../src/domain/invites.js';
import { NIP } from '../helpers/script-driver.js';
import { SlackWorld, textOf, U } from './harness.js';

let s: SlackWorld;
beforeEach(async () => {
  s = await SlackWorld.start();
});
afterEach(async () => s.close());

/** A `user_change` event as Slack sends it when an admin deactivates a member (the user object trimmed). */
const userChange = (id: string, deleted: boolean) => ({
  type: 'user_change',
  user: { id, team_id: 'T0BANGKOM', name: 'andi', deleted, real_name: 'Andi Wijaya', profile: { email: 'andi@example.go.id' }, is_bot: false, updated: 1764200000 },
  cache_ts: 1764200000,
  event_ts: '1764200000.000100',
});

it('a Slack user deactivated in the workspace (user_change, deleted) is marked unreachable until they write again (issue 10 item 7)', async () => {
  const invite = await issueInvite(s.w.store, NIP.andi, s.w.clock.now());
  expect(textOf(await s.say(U.andi, `daftar ${invite.code}`))).toContain('Selamat datang');

  expect((await s.postEvent(userChange(U.andi, false))).status).toBe(200);
  await s.adapter.idle();
  expect((await s.w.store.getAccount('slack', U.andi))?.unreachableAt).toBeUndefined();

  expect((await s.postEvent(userChange(U.andi, true))).status).toBe(200);
  await s.adapter.idle();
  expect((await s.w.store.getAccount('slack', U.andi))?.unreachableAt).toEqual(expect.any(String));
  // Nothing is sent to them about it.
  expect(s.slack.calls.filter((c) => c.method === 'chat.postMessage').length).toBe(1);

  await s.say(U.andi, 'jp saya');
  expect((await s.w.store.getAccount('slack', U.andi))?.unreachableAt).toBeUndefined();
});
