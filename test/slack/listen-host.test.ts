import { afterEach, describe, expect, it } from 'vitest';
import { slackConfig } from '../../adapters/slack/config.js';
import { SlackWorld } from './harness.js';

const BASE = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };

describe('HOST for the Slack HTTP receiver', () => {
  const cases: [string, NodeJS.ProcessEnv, string | undefined][] = [
    ['unset: every interface', BASE, undefined],
    ['blank: every interface', { ...BASE, HOST: ' ' }, undefined],
    ['loopback IPv4', { ...BASE, HOST: '127.0.0.1' }, '127.0.0.1'],
    ['every IPv4 interface, said explicitly', { ...BASE, HOST: '0.0.0.0' }, '0.0.0.0'],
    ['loopback IPv6', { ...BASE, HOST: '::1' }, '::1'],
    ['a host name', { ...BASE, HOST: 'localhost ' }, 'localhost'],
  ];
  it.each(cases)('%s', (_name, env, host) => {
    expect(slackConfig(env).host).toBe(host);
  });

  it('refuses what is not an address or a host name, in one line', () => {
    for (const bad of ['http://127.0.0.1', '999.1.1.1', 'two words', '[::1]']) {
      expect(() => slackConfig({ ...BASE, HOST: bad })).toThrow('Slack: HOST: HOST must be an IP address or a host name');
    }
  });
});

describe('Slack HTTP receiver bound to HOST', () => {
  let s: SlackWorld | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('HOST=127.0.0.1: listens on 127.0.0.1 only, and a signed request reaches it there', async () => {
    s = await SlackWorld.start({ env: { HOST: '127.0.0.1' } });
    expect(s.adapter.address).toBe('127.0.0.1');
    expect(s.endpoint).toBe(`http://127.0.0.1:${s.adapter.port}/slack/events`);
    const res = await s.post(JSON.stringify({ type: 'url_verification', token: 't', challenge: 'c-127' }), 'application/json');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('c-127');
  });

  it('without HOST: every interface, as before', async () => {
    s = await SlackWorld.start();
    expect(['::', '0.0.0.0']).toContain(s.adapter.address);
  });
});
