import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboundEvent, UserRef } from '../../src/chat/events.js';
import type { Logger } from '../../src/domain/log.js';
import {
  formatInviteCode,
  INVITE_ALPHABET,
  INVITE_CODE_LENGTH,
  issueInvite,
  LEGACY_INVITE_CODE_LENGTH,
  newInviteCode,
} from '../../src/domain/invites.js';
import { Engine } from '../../src/engine/engine.js';
import { catalog } from '../../src/engine/i18n/index.js';
import { ACCOUNT_LIMITS, addFailure, checkWindow, GLOBAL_LIMITS, type AttemptWindow } from '../../src/engine/link-guard.js';
import { accountGuardKey, GLOBAL_GUARD_KEY } from '../../src/engine/link-guard-state.js';
import { makeWorld, NIP, texts, type World } from '../helpers/script-driver.js';

interface LogEntry {
  level: 'info' | 'warn' | 'error';
  msg: string;
  extra?: Record<string, unknown>;
}

function memoryLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    info: (msg, extra) => entries.push({ level: 'info', msg, ...(extra ? { extra } : {}) }),
    warn: (msg, extra) => entries.push({ level: 'warn', msg, ...(extra ? { extra } : {}) }),
    error: (msg, extra) => entries.push({ level: 'error', msg, ...(extra ? { extra } : {}) }),
  };
}

const MINUTE = 60_000;
const id = catalog('id');
const guesser: UserRef = { platform: 'telegram', id: '7001' };

let w: World;
let log: ReturnType<typeof memoryLogger>;
let engine: Engine;
let start: number;
let inbound = 0;

beforeEach(async () => {
  w = await makeWorld();
  log = memoryLogger();
  engine = new Engine({ ...w.deps, log });
  start = w.clock.now().getTime();
});
afterEach(async () => w.close());

/** Sends one text as `from` at `minute` minutes after the start; returns what the turn says. */
async function sayAt(minute: number, text: string, from: UserRef = guesser) {
  w.clock.set(new Date(start + minute * MINUTE).toISOString());
  const event: InboundEvent = { kind: 'text', from, text };
  return engine.handleTurn(event, { inboundKey: `telegram:update:${++inbound}` });
}

type Result = Awaited<ReturnType<typeof sayAt>>;
/** The texts a turn sends. */
const says = (r: Result): string[] => r.messages.map((m) => (m.kind === 'send' ? m.text : `(${m.kind})`));
const saysJoined = (r: Result): string => says(r).join('\n');

/** A code that no invite has (right shape, 12 characters). */
const unknownCode = () => newInviteCode();

type Input = 'unknown' | 'malformed' | 'used' | 'expired' | 'valid';
type Expect = 'bad' | 'used' | 'expired' | 'linked' | 'silent' | { locked: number };

async function codeFor(input: Input): Promise<string> {
  const now = w.clock.now();
  switch (input) {
    case 'unknown':
      return unknownCode();
    case 'malformed':
      // Ten characters: neither the new length nor the old one.
      return 'ABCDEFGHJK';
    case 'used': {
      const invite = await issueInvite(w.store, NIP.orphan, now);
      await w.store.useInvite(invite.code, 'telegram:someone-else', now.toISOString());
      return invite.code;
    }
    case 'expired':
      return (await issueInvite(w.store, NIP.andi, new Date(now.getTime() - 15 * 24 * 60 * MINUTE))).code;
    case 'valid':
      return (await issueInvite(w.store, NIP.siti, now)).code;
  }
}

function expected(e: Expect): string | undefined {
  if (e === 'silent') return undefined;
  if (typeof e === 'object') return id.linkLocked(e.locked);
  return { bad: id.linkBadCode, used: id.linkUsedCode, expired: id.linkExpiredCode, linked: undefined }[e];
}

describe('per account: 5 wrong codes in 15 minutes, then 15 minutes locked', () => {
  const scenarios: { name: string; steps: [minute: number, input: Input, expect: Expect][] }[] = [
    {
      name: 'the 5th wrong code is answered as usual, the 6th locks with a message, later ones are silent, and codes are checked again once the lock is over',
      steps: [
        [0, 'unknown', 'bad'],
        [1, 'malformed', 'bad'],
        [2, 'used', 'used'],
        [3, 'expired', 'expired'],
        [4, 'unknown', 'bad'],
        [5, 'unknown', { locked: 14 }],
        [6, 'unknown', 'silent'],
        [18, 'unknown', 'silent'],
        [19, 'unknown', 'bad'],
      ],
    },
    {
      name: 'a successful link resets the account’s counter',
      steps: [
        [0, 'unknown', 'bad'],
        [1, 'unknown', 'bad'],
        [2, 'unknown', 'bad'],
        [3, 'unknown', 'bad'],
        [4, 'valid', 'linked'],
        [5, 'unknown', 'bad'],
        [6, 'unknown', 'bad'],
        [7, 'unknown', 'bad'],
        [8, 'unknown', 'bad'],
        [9, 'unknown', 'bad'],
        [10, 'unknown', { locked: 14 }],
      ],
    },
    {
      name: 'the window slides: wrong codes spread over more than 15 minutes never lock',
      steps: [
        [0, 'unknown', 'bad'],
        [4, 'unknown', 'bad'],
        [8, 'unknown', 'bad'],
        [12, 'unknown', 'bad'],
        [16, 'unknown', 'bad'],
        [20, 'unknown', 'bad'],
        [24, 'unknown', 'bad'],
      ],
    },
  ];

  it.each(scenarios)('$name', async ({ steps }) => {
    for (const [minute, input, expect_] of steps) {
      const result = await sayAt(minute, `daftar ${await codeFor(input)}`);
      const label = `minute ${minute}, ${input} code`;
      expect(result.committed, label).toBe(true);
      if (expect_ === 'silent') {
        expect(result.messages, label).toEqual([]);
      } else if (expect_ === 'linked') {
        expect(saysJoined(result), label).toContain('Selamat datang, Siti Rahmawati');
      } else {
        expect(says(result), label).toEqual([expected(expect_)]);
      }
    }
  });

  it('a correct code during an account lockout is refused too, and links once the lockout is over', async () => {
    for (let i = 0; i < ACCOUNT_LIMITS.max; i++) await sayAt(0, `daftar ${unknownCode()}`);
    const code = (await issueInvite(w.store, NIP.siti, w.clock.now())).code;
    const refused = await sayAt(1, `daftar ${code}`);
    expect(says(refused)).toEqual([id.linkLocked(14)]);
    expect((await sayAt(2, `daftar ${code}`)).messages).toEqual([]);
    expect(await w.store.getAccount('telegram', guesser.id)).toBeUndefined();
    expect((await w.store.getInvite(code))?.usedAt).toBeUndefined();

    const later = await sayAt(15, `daftar ${code}`);
    expect(saysJoined(later)).toContain('Selamat datang, Siti Rahmawati');
    expect((await w.store.getAccount('telegram', guesser.id))?.nip).toBe(NIP.siti);
  });

  it('a silent refusal commits the inbound mark and nothing else', async () => {
    for (let i = 0; i <= ACCOUNT_LIMITS.max; i++) await sayAt(0, `daftar ${unknownCode()}`);
    const before = [await w.store.getState(accountGuardKey(guesser)), await w.store.getState(GLOBAL_GUARD_KEY)];
    const outboxBefore = await w.store.pendingOutbound();

    const result = await sayAt(1, `daftar ${unknownCode()}`);
    expect(result).toMatchObject({ committed: true, messages: [], ids: [] });
    expect(await w.store.inboundSeen(`telegram:update:${inbound}`)).toBe(true);
    expect([await w.store.getState(accountGuardKey(guesser)), await w.store.getState(GLOBAL_GUARD_KEY)]).toEqual(before);
    expect(await w.store.pendingOutbound()).toEqual(outboxBefore);
  });

  it('a linked account that chose English is told in English; the warning is logged', async () => {
    const me: UserRef = { platform: 'telegram', id: '7002' };
    await sayAt(0, `daftar ${(await issueInvite(w.store, NIP.andi, w.clock.now())).code}`, me);
    await sayAt(0, '/bahasa en', me);
    for (let i = 0; i < ACCOUNT_LIMITS.max; i++) {
      const bad = await sayAt(1, `daftar ${unknownCode()}`, me);
      expect(says(bad)).toEqual([catalog('en').linkBadCode]);
    }
    const locked = await sayAt(2, `daftar ${unknownCode()}`, me);
    expect(says(locked)).toEqual([catalog('en').linkLocked(14)]);
    expect(log.entries.filter((e) => e.level === 'warn')).toEqual([
      expect.objectContaining({
        msg: expect.stringContaining('locked'),
        extra: expect.objectContaining({ platform: 'telegram', userId: '7002', lockedUntil: new Date(start + 16 * MINUTE).toISOString() }),
      }),
    ]);
  });

  it('a corrupt or foreign guard record counts as empty', async () => {
    const key = accountGuardKey(guesser);
    const now = w.clock.now();
    const full = Array.from({ length: ACCOUNT_LIMITS.max }, () => now.getTime());
    const stored = (dialog: string, data: Record<string, unknown>) =>
      w.store.setState({ key, dialog, step: 'window', data, trail: [], updatedAt: now.toISOString() });

    await stored('link-guard', { attempts: full, lockedUntil: 'soon' });
    expect(says(await sayAt(0, `daftar ${unknownCode()}`))).toEqual([id.linkBadCode]);
    await stored('report', { attempts: full });
    expect(says(await sayAt(0, `daftar ${unknownCode()}`))).toEqual([id.linkBadCode]);
    // The same attempts in the right shape do lock.
    await stored('link-guard', { attempts: full });
    expect(says(await sayAt(0, `daftar ${unknownCode()}`))).toEqual([id.linkLocked(15)]);
  });
});

describe('everyone together: 300 wrong codes in an hour pause linking by code', () => {
  it('wrong codes from many accounts reach the global limit: an alarm is logged and even a correct code waits', async () => {
    const accounts = GLOBAL_LIMITS.max / ACCOUNT_LIMITS.max;
    for (let a = 0; a < accounts; a++) {
      const from: UserRef = { platform: 'telegram', id: `8${a}` };
      for (let i = 0; i < ACCOUNT_LIMITS.max; i++) {
        const r = await sayAt(0, `daftar ${unknownCode()}`, from);
        expect(says(r)).toEqual([id.linkBadCode]);
      }
    }
    const alarms = log.entries.filter((e) => e.level === 'error');
    expect(alarms).toEqual([
      {
        level: 'error',
        msg: expect.stringContaining('global limit'),
        extra: expect.objectContaining({ failures: GLOBAL_LIMITS.max, windowMinutes: 60, pausedUntil: new Date(start + 60 * MINUTE).toISOString() }),
      },
    ]);

    const newcomer: UserRef = { platform: 'slack', id: 'U0NEW' };
    const code = (await issueInvite(w.store, NIP.siti, w.clock.now())).code;
    const paused = await sayAt(10, `daftar ${code}`, newcomer);
    expect(says(paused)).toEqual([id.linkPaused(50)]);
    expect((await sayAt(11, `daftar ${code}`, newcomer)).messages).toEqual([]);
    expect(await w.store.getAccount('slack', 'U0NEW')).toBeUndefined();

    const after = await sayAt(60, `daftar ${code}`, newcomer);
    expect(saysJoined(after)).toContain('Selamat datang, Siti Rahmawati');
    expect(log.entries.filter((e) => e.level === 'error')).toHaveLength(1);
  });
});

describe('the codes', () => {
  it('an old 8-character code still links, typed in lower case with a dash', async () => {
    const code = newInviteCode(LEGACY_INVITE_CODE_LENGTH);
    const now = w.clock.now();
    await w.store.createInvite({ code, nip: NIP.siti, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + 24 * 60 * MINUTE).toISOString() });
    const result = await sayAt(0, `daftar ${formatInviteCode(code).toLowerCase()}`);
    expect(saysJoined(result)).toContain('Selamat datang, Siti Rahmawati');
  });

  it('an admin is shown a new code in groups of four, and it links as shown', async () => {
    await w.link('rina', NIP.admin);
    const out = texts(await w.chat.say('rina', `undang ${NIP.andi}`));
    const shown = /daftar ([A-Z0-9-]+)/.exec(out)?.[1];
    expect(shown).toMatch(new RegExp(`^([${INVITE_ALPHABET}]{4}-){2}[${INVITE_ALPHABET}]{4}$`));
    expect(shown!.replace(/-/g, '')).toHaveLength(INVITE_CODE_LENGTH);
    expect(saysJoined(await sayAt(0, `daftar ${shown}`))).toContain('Selamat datang, Andi Wijaya');
  });

  it('new codes have the length the README states, and the README’s figure follows from the limits', async () => {
    expect(newInviteCode()).toHaveLength(INVITE_CODE_LENGTH);
    expect(newInviteCode()).toMatch(new RegExp(`^[${INVITE_ALPHABET}]+$`));
    const readme = (await readFile(new URL('../../README.md', import.meta.url), 'utf8')).replace(/\s+/g, ' ');
    const perHour = GLOBAL_LIMITS.max / (GLOBAL_LIMITS.windowMs / (60 * MINUTE));
    const liveCodes = 10_000;
    const years = INVITE_ALPHABET.length ** INVITE_CODE_LENGTH / liveCodes / perHour / (24 * 365.25);
    expect(readme).toContain(`An invite code has ${INVITE_CODE_LENGTH} characters from a ${INVITE_ALPHABET.length}-letter alphabet`);
    expect(readme).toContain(`${ACCOUNT_LIMITS.max} wrong codes within ${ACCOUNT_LIMITS.windowMs / MINUTE} minutes`);
    expect(readme).toContain(`for ${ACCOUNT_LIMITS.lockMs / MINUTE} minutes`);
    expect(readme).toContain(`${INVITE_ALPHABET.length}^${INVITE_CODE_LENGTH}`);
    expect(readme).toContain(
      `At the global limit of ${perHour} wrong codes an hour and ${liveCodes.toLocaleString('en')} live codes, one hit takes on average about ${Math.round(years / 1e6)} million years`,
    );
    expect(years).toBeGreaterThan(1e6);
  });
});

describe('a flood', () => {
  it('1,000 wrong codes from one account leave a handful of messages in the outbox', async () => {
    for (let i = 0; i < 1000; i++) await sayAt(i / 100, `daftar ${unknownCode()}`);
    const mine = (await w.store.pendingOutbound()).filter((r) => r.message.to.platform === 'telegram' && r.message.to.id === guesser.id);
    // 100 a minute is a flood too (flood-guard.ts): at most one "too many messages" per paused minute on top.
    const texts = mine.map((r) => (r.message.kind === 'send' ? r.message.text : ''));
    expect(texts.filter((t) => t !== id.tooManyMessages).length).toBeLessThanOrEqual(ACCOUNT_LIMITS.max + 1);
    expect(texts.filter((t) => t === id.tooManyMessages).length).toBeLessThanOrEqual(10);
    expect(texts).toContain(id.linkLocked(15));
  });
});

describe('the attempt window (pure)', () => {
  const limits = { max: 3, windowMs: 10 * MINUTE, lockMs: 5 * MINUTE };
  const T = 100 * MINUTE;
  const m = (minutes: number) => T + minutes * MINUTE;
  const cases: { name: string; window: AttemptWindow; allowed: boolean; lockedUntil?: number; kept: number }[] = [
    { name: 'empty', window: { attempts: [] }, allowed: true, kept: 0 },
    { name: 'fewer than max in the window', window: { attempts: [m(-9), m(-1)] }, allowed: true, kept: 2 },
    { name: 'attempts older than the window are dropped', window: { attempts: [m(-30), m(-10), m(-1)] }, allowed: true, kept: 1 },
    { name: 'a full window locks until its oldest leaves it', window: { attempts: [m(-6), m(-4), m(-2)] }, allowed: false, lockedUntil: m(4), kept: 3 },
    { name: 'a stored lock holds', window: { attempts: [], lockedUntil: m(3) }, allowed: false, lockedUntil: m(3), kept: 0 },
    { name: 'a stored lock that is over is gone', window: { attempts: [], lockedUntil: m(0) }, allowed: true, kept: 0 },
    { name: 'a lock further off than any failure causes is not trusted', window: { attempts: [], lockedUntil: m(60) }, allowed: true, kept: 0 },
  ];
  it.each(cases)('$name', ({ window, allowed, lockedUntil, kept }) => {
    const verdict = checkWindow(window, T, limits);
    expect(verdict.allowed).toBe(allowed);
    expect(verdict.lockedUntil).toBe(lockedUntil);
    expect(verdict.attempts).toHaveLength(kept);
  });

  it('the failure that fills the window locks for at least lockMs, and says so once', () => {
    let window: AttemptWindow = { attempts: [] };
    const locks: boolean[] = [];
    for (const minute of [0, 1, 2]) {
      const next = addFailure(window, m(minute), limits);
      locks.push(next.locked);
      window = next;
    }
    expect(locks).toEqual([false, false, true]);
    expect(window.lockedUntil).toBe(Math.max(m(2) + limits.lockMs, m(0) + limits.windowMs));
    expect(addFailure(window, m(3), limits).locked).toBe(false);
  });
});

describe('the global count under a parallel flood', () => {
  it('200 accounts guessing at the same moment are all counted (dialogue states are compare-and-set)', async () => {
    const accounts = Array.from({ length: 200 }, (_, i): UserRef => ({ platform: 'telegram', id: String(900_000 + i) }));
    const results = await Promise.all(accounts.map((from) => sayAt(1, 'daftar ZZZZ-ZZZZ-ZZZZ', from)));
    const counted = results.filter((r) => r.committed).length;
    const global = await w.store.getState(GLOBAL_GUARD_KEY);
    expect((global?.data.attempts as number[]).length).toBe(counted);
    expect(counted).toBe(200);
  });
});
