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
  })
  .map(({ startOffset, length, ...rest }) => {
    const start = new Date(Date.UTC(2025, 0, 1 + startOffset));
    const end = new Date(start.getTime() + length * 86_400_000);
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    return { ...rest, start: iso(start), end: iso(end) };
  });

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
