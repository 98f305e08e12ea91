import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyCaps,
  computeJp,
  formRule,
  listForms,
  listProfiles,
  RuleError,
  type ActivityInput,
  type CapItem,
} from '../../src/rules/index.js';

const RUNS = { numRuns: 200 };
const KEYS = listForms().map((f) => f.key);
const PROFILES = listProfiles().map((p) => p.id);

/** An input with every figure present, so that each form can be computed. */
const inputArb = fc.record({
  type: fc.constantFrom(...KEYS),
  scope: fc.constantFrom('nasional' as const, 'internasional' as const),
  days: fc.integer({ min: 1, max: 60 }),
  count: fc.integer({ min: 1, max: 12 }),
  jp: fc.integer({ min: 1, max: 800 }).map((q) => q / 4),
});

const profileArb = fc.constantFrom(...PROFILES);

/** computeJp, or undefined when the form rejects the scope. */
function jpOf(input: ActivityInput, profile: string): number | undefined {
  try {
    return computeJp(input, profile).jp;
  } catch (err) {
    if (err instanceof RuleError && err.code === 'scope-not-allowed') return undefined;
    throw err;
  }
}

describe('computeJp properties', () => {
  it('JP is never negative and always finite with two decimals at most', () => {
    fc.assert(
      fc.property(inputArb, profileArb, fc.boolean(), (input, profile, withJp) => {
        const jp = jpOf(withJp ? input : { ...input, jp: formRule(profile, input.type).unit === 'jp' ? input.jp : undefined }, profile);
        if (jp === undefined) return;
        expect(jp).toBeGreaterThan(0);
        expect(Number.isFinite(jp)).toBe(true);
        expect(Math.round(jp * 100) / 100).toBe(jp);
      }),
      RUNS,
    );
  });

  it('international is never below national for the same input', () => {
    fc.assert(
      fc.property(inputArb, profileArb, (input, profile) => {
        const intl = jpOf({ ...input, scope: 'internasional' }, profile);
        const nat = jpOf({ ...input, scope: 'nasional' }, profile);
        if (intl === undefined) return;
        expect(intl).toBeGreaterThanOrEqual(nat!);
      }),
      RUNS,
    );
  });

  it('monotonic in days and in count', () => {
    fc.assert(
      fc.property(inputArb, profileArb, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 10 }), (input, profile, moreDays, moreCount) => {
        const base = jpOf(input, profile);
        if (base === undefined) return;
        expect(jpOf({ ...input, days: input.days + moreDays }, profile)!).toBeGreaterThanOrEqual(base);
        expect(jpOf({ ...input, count: input.count + moreCount }, profile)!).toBeGreaterThanOrEqual(base);
        // without a certificate figure too, for the forms that do not need one
        if (formRule(profile, input.type).unit !== 'jp') {
          const { jp: _drop, ...noJp } = input;
          const b = jpOf(noJp, profile)!;
          expect(jpOf({ ...noJp, days: input.days + moreDays }, profile)!).toBeGreaterThanOrEqual(b);
          expect(jpOf({ ...noJp, count: input.count + moreCount }, profile)!).toBeGreaterThanOrEqual(b);
        }
      }),
      RUNS,
    );
  });
});

/** Dated activities in 2025–2026 with the forms that have caps across records, plus a few others. */
const datedArb = fc
  .record({
    type: fc.constantFrom('coaching', 'mentoring', 'patok-banding', 'bimbingan-di-tempat-kerja', 'komunitas-belajar', 'belajar-mandiri', 'seminar', 'detasering'),
    scope: fc.constantFrom('nasional' as const, 'internasional' as const),
    count: fc.integer({ min: 1, max: 6 }),
    startOffset: fc.integer({ min: 0, max: 700 }),
    length: fc.integer({ min: 0, max: 75 }),
    jp: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
    /** Days held, as a share of the span (undefined: the whole span). */
    daysShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  })
  .map(({ startOffset, length, daysShare, ...rest }) => {
    const start = new Date(Date.UTC(2025, 0, 1 + startOffset));
    const end = new Date(start.getTime() + length * 86_400_000);
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    const input: ActivityInput = { ...rest, start: iso(start), end: iso(end) };
    if (daysShare !== undefined) input.days = Math.max(1, Math.round(daysShare * (length + 1)));
    return input;
  });

/** Days of [start, end] in each month `YYYY-MM` (an oracle independent of the rules' date code). */
function daysByMonth(start: string, end: string): Map<string, number> {
  const out = new Map<string, number>();
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += 86_400_000) {
    const month = new Date(t).toISOString().slice(0, 7);
    out.set(month, (out.get(month) ?? 0) + 1);
  }
  return out;
}

function capItems(inputs: ActivityInput[], profile: string): CapItem[] {
  return inputs.flatMap((input, idx) => {
    try {
      return [{ id: `r${idx}`, input, jp: computeJp(input, profile).jp }];
    } catch (err) {
      if (err instanceof RuleError) return [];
      throw err;
    }
  });
}

describe('applyCaps properties', () => {
  it('total never above the sum of the parts; no item above its own JP; byType adds up', () => {
    fc.assert(
      fc.property(fc.array(datedArb, { maxLength: 12 }), profileArb, (inputs, profile) => {
        const items = capItems(inputs, profile);
        const r = applyCaps(items, profile);
        const sum = items.reduce((s, i) => s + i.jp, 0);
        expect(r.total).toBeLessThanOrEqual(Math.round(sum * 100) / 100 + 1e-9);
        r.items.forEach((out, k) => {
          expect(out.id).toBe(items[k]!.id);
          expect(out.counted).toBeGreaterThanOrEqual(0);
          expect(out.counted).toBeLessThanOrEqual(items[k]!.jp);
        });
        const byType = Object.values(r.byType).reduce((s, v) => s + v, 0);
        expect(Math.abs(byType - r.total)).toBeLessThan(0.011 * (Object.keys(r.byType).length + 1));
        for (const note of r.notes) expect(note.counted).toBeLessThan(note.claimed);
      }),
      RUNS,
    );
  });

  it('each month (or year) counts at most the cap of occurrences, shared by every report of that period', () => {
    fc.assert(
      fc.property(fc.array(datedArb, { maxLength: 14 }), profileArb, (inputs, profile) => {
        const items = capItems(inputs, profile);
        const r = applyCaps(items, profile);
        const used = new Map<string, number>();
        r.items.forEach((out, k) => {
          const input = items[k]!.input;
          const caps = formRule(profile, input.type).periodCaps;
          if (!caps) {
            expect(out.periods).toBeUndefined();
            return;
          }
          const months = daysByMonth(input.start!, input.end!);
          for (const [period, units] of Object.entries(out.periods!)) {
            const key = `${input.type} ${period}`;
            used.set(key, (used.get(key) ?? 0) + units);
            if (period.length === 7) expect(months.has(period)).toBe(true);
            else expect(Number(period)).toBe(Number(input.end!.slice(0, 4)));
          }
        });
        for (const [key, units] of used) {
          const [type, period] = key.split(' ') as [string, string];
          const cap = formRule(profile, type).periodCaps!.find((c) => c.per === (period.length === 7 ? 'month' : 'year'))!;
          expect(units).toBeLessThanOrEqual(cap.max + 0.01);
        }
      }),
      RUNS,
    );
  });

  it('a day form counts in a month at most its days there, and at most the cap: JP ≤ Σ min(days in month, cap) × JP per day', () => {
    // KB IV.D.10 komunitas belajar (1 hari = 2 / 3 JP, maksimal 3x dalam 1 bulan), one report at a time.
    fc.assert(
      fc.property(datedArb, (raw) => {
        const input: ActivityInput = { ...raw, type: 'komunitas-belajar', jp: undefined };
        const [one] = capItems([input], 'kutai-barat-2024');
        if (!one) return;
        const r = applyCaps([one], 'kutai-barat-2024');
        const perDay = input.scope === 'internasional' ? 3 : 2;
        const bound = [...daysByMonth(input.start!, input.end!).values()].reduce((s, d) => s + Math.min(d, 3) * perDay, 0);
        expect(r.total).toBeLessThanOrEqual(bound + 1e-9);
        // …and exactly that bound when the report is held on every day of its span.
        if (input.days === undefined) expect(r.total).toBe(bound);
      }),
      RUNS,
    );
  });

  it('KB monthly limits in JP: single-month reports never count more than max × JP per occurrence in a month', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            type: fc.constantFrom('belajar-mandiri', 'komunitas-belajar'),
            scope: fc.constantFrom('nasional' as const, 'internasional' as const),
            jp: fc.integer({ min: 1, max: 24 }).map((q) => q / 2),
            day: fc.integer({ min: 1, max: 25 }),
            length: fc.integer({ min: 0, max: 3 }),
            month: fc.integer({ min: 1, max: 2 }),
          }),
          { maxLength: 10 },
        ),
        (reports) => {
          const inputs: ActivityInput[] = reports.map(({ type, scope, jp, day, length, month }) => {
            const date = (d: number) => `2026-0${month}-${String(d).padStart(2, '0')}`;
            return { type, scope, jp, start: date(day), end: date(day + length) };
          });
          const items = capItems(inputs, 'kutai-barat-2024');
          const r = applyCaps(items, 'kutai-barat-2024');
          for (const type of ['belajar-mandiri', 'komunitas-belajar']) {
            const cap = formRule('kutai-barat-2024', type).periodCaps![0]!;
            for (const month of ['2026-01', '2026-02']) {
              // occurrences = counted JP ÷ JP per occurrence of the item's scope
              let occurrences = 0;
              r.items.forEach((out, k) => {
                const input = items[k]!.input;
                if (input.type === type && input.start!.startsWith(month)) occurrences += out.counted / cap.jpEach![input.scope];
              });
              expect(occurrences).toBeLessThanOrEqual(cap.max + 0.01);
            }
          }
        },
      ),
      RUNS,
    );
  });

  it('single-month coaching reports never count more than the monthly cap of sessions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ count: fc.integer({ min: 1, max: 5 }), day: fc.integer({ min: 1, max: 28 }), month: fc.integer({ min: 1, max: 3 }) }), {
          maxLength: 10,
        }),
        profileArb,
        (reports, profile) => {
          const inputs: ActivityInput[] = reports.map(({ count, day, month }) => {
            const date = `2026-0${month}-${String(day).padStart(2, '0')}`;
            return { type: 'coaching', scope: 'nasional', count, start: date, end: date };
          });
          const r = applyCaps(capItems(inputs, profile), profile);
          const max = formRule(profile, 'coaching').periodCaps![0]!.max;
          for (const month of [1, 2, 3]) {
            const sessions = r.items
              .filter((_, k) => reports[k]!.month === month)
              .reduce((s, i) => s + i.counted / 2, 0);
            expect(sessions).toBeLessThanOrEqual(max);
            const claimed = reports.filter((x) => x.month === month).reduce((s, x) => s + x.count, 0);
            expect(sessions).toBe(Math.min(max, claimed));
          }
        },
      ),
      RUNS,
    );
  });
});
