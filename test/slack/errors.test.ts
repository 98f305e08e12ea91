import { webApi } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { toDeliveryError } from '../../adapters/slack/errors.js';
import { DeliveryError } from '../../src/delivery/types.js';

/** A failed call as @slack/web-api reports an `ok: false` answer. */
const platformError = (error: string) =>
  Object.assign(new Error(`An API error occurred: ${error}`), { code: webApi.ErrorCode.PlatformError, data: { ok: false, error } });

type Opts = DeliveryError['opts'];
const FATAL: Opts = { fatal: true };
const UNREACHABLE: Opts = { permanent: true, unreachable: true };
const PERMANENT: Opts = { permanent: true };
const TRANSIENT: Opts = { permanent: false };

describe('toDeliveryError: Slack platform error codes', () => {
  const cases: [string, string, Opts][] = [
    ['token_revoked (chat.postMessage errors: the app has been removed)', 'token_revoked', FATAL],
    ['invalid_auth (chat.postMessage errors: the token is invalid)', 'invalid_auth', FATAL],
    ['account_inactive (chat.postMessage errors: token of a deleted user or workspace)', 'account_inactive', FATAL],
    ['not_authed (chat.postMessage errors: no token provided)', 'not_authed', FATAL],
    ['token_expired (chat.postMessage errors: an expiring token ran out)', 'token_expired', FATAL],
    ['team_disabled (@slack/socket-mode UnrecoverableSocketModeStartError: workspace disabled)', 'team_disabled', FATAL],
    ['user_removed_from_team (@slack/socket-mode UnrecoverableSocketModeStartError)', 'user_removed_from_team', FATAL],
    ['user_not_found (conversations.open / users.info errors: the user id is invalid)', 'user_not_found', UNREACHABLE],
    ['user_disabled (conversations.open errors: the user has been disabled)', 'user_disabled', UNREACHABLE],
    ['user_not_visible (conversations.open errors: we are restricted from seeing the user)', 'user_not_visible', UNREACHABLE],
    ['cannot_dm_bot (im.open errors: the user is a bot)', 'cannot_dm_bot', UNREACHABLE],
    ['channel_not_found (chat.postMessage errors: a channel id of ours may be wrong; not the user)', 'channel_not_found', PERMANENT],
    ['not_in_channel (chat.postMessage errors)', 'not_in_channel', PERMANENT],
    ['messages_tab_disabled (chat.postMessage errors: our App Home setting, every user alike)', 'messages_tab_disabled', PERMANENT],
    ['msg_too_long (chat.postMessage errors)', 'msg_too_long', PERMANENT],
    ['internal_error (chat.postMessage errors: a transient issue at Slack)', 'internal_error', TRANSIENT],
    ['fatal_error (chat.postMessage errors: despite its name, Slack-side and retried)', 'fatal_error', TRANSIENT],
    ['service_unavailable (chat.postMessage errors)', 'service_unavailable', TRANSIENT],
    ['ratelimited (chat.postMessage errors)', 'ratelimited', TRANSIENT],
    ['team_added_to_org (chat.postMessage errors: a migration, intermittent)', 'team_added_to_org', TRANSIENT],
  ];
  it.each(cases)('%s', (_name, code, expected) => {
    const err = toDeliveryError(platformError(code));
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err.message).toBe(`slack: ${code}`);
    expect(err.opts).toEqual(expected);
  });

  it('a fatal error is never permanent (the message must stay in the outbox), an unreachable one always is', () => {
    for (const [, code, expected] of cases) {
      const { opts } = toDeliveryError(platformError(code));
      if (opts.fatal) expect(opts.permanent).not.toBe(true);
      if (opts.unreachable) expect(opts.permanent).toBe(true);
      expect(Boolean(opts.fatal)).toBe(Boolean(expected.fatal));
    }
  });

  it('a prototype key as an error code is an ordinary permanent error', () => {
    for (const code of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(toDeliveryError(platformError(code)).opts).toEqual(PERMANENT);
    }
  });
});
