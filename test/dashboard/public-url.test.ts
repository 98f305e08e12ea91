import { afterEach, describe, expect, it, vi } from 'vitest';
import { publicUrl } from '../../src/dashboard/public-url.js';
import { Engine } from '../../src/engine/engine.js';
import { makeWorld, NIP, ScriptDriver, type World } from '../helpers/script-driver.js';

describe('publicUrl: the address in sign-in links', () => {
  it.each([
    ['nothing set: this machine, port 3000', {}, undefined, 'http://localhost:3000'],
    ['PORT', { PORT: '8080' }, undefined, 'http://localhost:8080'],
    ['an older TELEGRAM_WEBHOOK_PORT alone: the port the server listens on', { TELEGRAM_WEBHOOK_PORT: '8443' }, undefined, 'http://localhost:8443'],
    ['PORT=0 once the server listens: the port it got', { PORT: '0' }, 41234, 'http://localhost:41234'],
    ['BANGKOM_PUBLIC_URL wins, without its trailing slash', { PORT: '0', BANGKOM_PUBLIC_URL: 'https://bangkom.example.go.id/' }, undefined, 'https://bangkom.example.go.id'],
  ])('%s', (_, env, bound, expected) => {
    expect(publicUrl(env, bound)).toBe(expected);
  });

  it('PORT=0 before the server listens has no address: BANGKOM_PUBLIC_URL must be set', () => {
    expect(() => publicUrl({ PORT: '0' })).toThrow('BANGKOM_PUBLIC_URL must be set');
    expect(() => publicUrl({ BANGKOM_PUBLIC_URL: 'ftp://x.example' })).toThrow('must be an http(s) address');
  });
});

describe('the chat link uses the running assistant\'s address, not the process environment', () => {
  let w: World | undefined;
  afterEach(async () => {
    vi.unstubAllEnvs();
    await w?.close();
  });

  it('an engine given dashboardUrl sends links at it', async () => {
    vi.stubEnv('BANGKOM_PUBLIC_URL', 'https://process-env.example');
    w = await makeWorld();
    await w.link('u-admin', NIP.admin);
    const chat = new ScriptDriver(new Engine({ ...w.deps, dashboardUrl: () => 'https://run-env.example' }));
    try {
      const [reply] = await chat.say('u-admin', 'dasbor');
      expect(reply!.text).toMatch(/https:\/\/run-env\.example\/dasbor\/masuk\/[A-Za-z0-9_-]{43}/);
      expect(reply!.text).not.toContain('process-env');
    } finally {
      await chat.end();
    }
  });
});
