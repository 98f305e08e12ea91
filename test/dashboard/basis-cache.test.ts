import { describe, expect, it } from 'vitest';
import { BasisCache, FRESH_MS, MAX_ENTRIES, STALE_MS } from '../../src/dashboard/basis-cache.js';
import type { Basis } from '../../src/dashboard/data.js';

/** A cache over a counting computation and a clock the test moves. */
function world(fail?: (n: number) => boolean) {
  let time = 0;
  const calls: string[] = [];
  const cache = new BasisCache(
    async (year, unit) => {
      calls.push(`${year}/${unit ?? '*'}`);
      if (fail?.(calls.length)) throw new Error(`computation ${calls.length} failed`);
      return { at: new Date(calls.length), rekap: { year, rows: [], units: [] }, split: new Map(), waiting: new Map() } satisfies Basis;
    },
    () => time,
  );
  return { cache, calls, at: (ms: number) => (time = ms), n: async (year = 2026, unit?: string) => (await cache.get(year, unit)).at.getTime() };
}

describe('BasisCache: the overview numbers per year and unit, shared for a short while', () => {
  it('fresh: one computation per (year, unit), also for requests at the same moment', async () => {
    const w = world();
    expect(await Promise.all([w.n(), w.n(), w.n(2026, 'Sekretariat'), w.n(2025)])).toEqual([1, 1, 2, 3]);
    w.at(FRESH_MS - 1);
    expect(await w.n()).toBe(1);
    expect(w.calls).toEqual(['2026/*', '2026/Sekretariat', '2025/*']);
  });

  it('stale: served at once while one new computation runs; the next request gets the new numbers', async () => {
    const w = world();
    await w.n();
    w.at(FRESH_MS + 1);
    expect(await Promise.all([w.n(), w.n()])).toEqual([1, 1]);
    await new Promise((r) => setTimeout(r, 0));
    expect(await w.n()).toBe(2);
    expect(w.calls).toHaveLength(2);
  });

  it('too old: computed anew before answering', async () => {
    const w = world();
    await w.n();
    w.at(STALE_MS + 1);
    expect(await w.n()).toBe(2);
  });

  it('a failed computation is not kept; a failed refresh leaves the stale numbers', async () => {
    const w = world((n) => n === 1 || n === 3);
    await expect(w.cache.get(2026)).rejects.toThrow('computation 1 failed');
    expect(await w.n()).toBe(2);
    w.at(FRESH_MS + 1);
    expect(await w.n()).toBe(2); // refresh 3 starts, and fails
    await new Promise((r) => setTimeout(r, 0));
    expect(w.calls).toHaveLength(3);
    expect(await w.n()).toBe(2); // still the stale numbers; refresh 4 starts
    await new Promise((r) => setTimeout(r, 0));
    expect(await w.n()).toBe(4);
  });

  it('keeps few entries, dropping the least recently used first and never the kept-warm one', async () => {
    const w = world();
    w.cache.keep(2026);
    await w.n(2026);
    await w.n(2025);
    for (let i = 0; i < MAX_ENTRIES - 2; i++) await w.n(2026, `Unit ${i}`);
    await w.n(2025); // read: now the most recently used
    await w.n(2026, 'one more'); // over the limit: "Unit 0", the least recently used apart from 2026, goes
    const before = w.calls.length;
    expect([await w.n(2026), await w.n(2025)]).toEqual([1, 2]);
    expect(w.calls).toHaveLength(before);
    await w.n(2026, 'Unit 0');
    expect(w.calls).toHaveLength(before + 1);
    // Many other years and units later, the kept-warm numbers are still those first computed.
    for (let i = 0; i < 3 * MAX_ENTRIES; i++) await w.n(2000 + i);
    expect(await w.n(2026)).toBe(1);
  });

  it('computes one basis at a time: the others wait for it', async () => {
    let running = 0;
    let most = 0;
    const cache = new BasisCache(async (year) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return { at: new Date(0), rekap: { year, rows: [], units: [] }, split: new Map(), waiting: new Map() } satisfies Basis;
    });
    const years = await Promise.all([2022, 2023, 2024, 2025, 2026].map(async (y) => (await cache.get(y)).rekap.year));
    expect(years).toEqual([2022, 2023, 2024, 2025, 2026]);
    expect(most).toBe(1);
  });
});
