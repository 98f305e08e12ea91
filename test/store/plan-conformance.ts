/**
 * Conformance cases of the yearly plans (Store.getPlan, plansInYear, updatePlan) every Store
 * implementation must pass; called from plan-store.test.ts for lowdb and PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, type Plan, type PlanItem } from '../../src/domain/types.js';
import type { Store } from '../../src/domain/store.js';
import { makeEmployee, nipOf, type MakeStore } from './conformance.js';

const T0 = '2026-10-05T08:00:00.000Z';

export function makePlanItem(no: number, over: Partial<PlanItem> = {}): PlanItem {
  return {
    no,
    jalur: 'klasikal',
    type: 'pelatihan-teknis',
    materi: `Materi ${no}`,
    penyelenggara: 'BPSDM Provinsi',
    jadwal: { month: '2027-03' },
    amount: { jp: 24 },
    jp: 24,
    biaya: 3_500_000,
    sumberDana: 'APBD',
    alasan: 'Kesenjangan kompetensi teknis',
    status: 'draf',
    history: [],
    ...over,
  };
}

export function makePlan(nip: string, year: number, items: PlanItem[] = [], over: Partial<Plan> = {}): Plan {
  return { schemaVersion: SCHEMA_VERSION, nip, year, items, nextNo: items.length + 1, round: 0, createdAt: T0, updatedAt: T0, ...over };
}

/** updatePlan's change that appends one item (creating the plan when there is none). */
const addItem = (nip: string, year: number, materi: string) => (current: Plan | undefined): Plan => {
  const plan = current ?? makePlan(nip, year);
  return { ...plan, items: [...plan.items, makePlanItem(plan.nextNo, { materi })], nextNo: plan.nextNo + 1 };
};

export function runPlanConformance(name: string, makeStore: MakeStore): void {
  describe(`Store conformance (yearly plans): ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    const A = nipOf(1);
    const B = nipOf(2);

    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
      await store.upsertEmployees([makeEmployee(A), makeEmployee(B)]);
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    it('creates a plan with updatePlan, reads it back, and keeps it across a reopen', async () => {
      expect(await store.getPlan(A, 2027)).toBeUndefined();
      const stored = await store.updatePlan(A, 2027, addItem(A, 2027, 'Manajemen aset'));
      expect(stored?.items.map((i) => i.materi)).toEqual(['Manajemen aset']);
      await store.close();
      await store.open();
      const again = await store.getPlan(A, 2027);
      expect(again).toEqual(stored);
      expect(await store.getPlan(A, 2026)).toBeUndefined();
      expect(await store.getPlan(B, 2027)).toBeUndefined();
    });

    it('plansInYear gives every plan of that year and no other', async () => {
      await store.updatePlan(A, 2027, addItem(A, 2027, 'a'));
      await store.updatePlan(B, 2027, addItem(B, 2027, 'b'));
      await store.updatePlan(A, 2026, addItem(A, 2026, 'c'));
      const of2027 = await store.plansInYear(2027);
      expect(of2027.map((p) => p.nip).sort()).toEqual([A, B]);
      expect((await store.plansInYear(2026)).map((p) => p.items[0]!.materi)).toEqual(['c']);
      expect(await store.plansInYear(2025)).toEqual([]);
    });

    it('a change that returns undefined leaves the plan as it is', async () => {
      const before = await store.updatePlan(A, 2027, addItem(A, 2027, 'a'));
      const after = await store.updatePlan(A, 2027, () => undefined);
      expect(after).toEqual(before);
      expect(await store.getPlan(A, 2027)).toEqual(before);
    });

    it('two concurrent changes of one plan both land (compare-and-set, no lost update)', async () => {
      await store.updatePlan(A, 2027, addItem(A, 2027, 'first'));
      await Promise.all([
        store.updatePlan(A, 2027, addItem(A, 2027, 'x')),
        store.updatePlan(A, 2027, addItem(A, 2027, 'y')),
        store.transaction(async (tx) => {
          await tx.updatePlan(A, 2027, addItem(A, 2027, 'z'));
        }),
      ]);
      const plan = await store.getPlan(A, 2027);
      expect(plan?.items.map((i) => i.materi).sort()).toEqual(['first', 'x', 'y', 'z']);
      expect(plan?.items.map((i) => i.no).sort()).toEqual([1, 2, 3, 4]);
    });

    it('an invalid plan is refused and changes nothing; so is a change of its nip or year', async () => {
      const before = await store.updatePlan(A, 2027, addItem(A, 2027, 'a'));
      await expect(store.updatePlan(A, 2027, (p) => ({ ...p!, items: [makePlanItem(1, { sumberDana: 'hibah' as never })] }))).rejects.toThrow();
      await expect(store.updatePlan(A, 2027, (p) => ({ ...p!, items: [makePlanItem(1, { jadwal: { month: '2027-13' } })] }))).rejects.toThrow();
      await expect(store.updatePlan(A, 2027, (p) => ({ ...p!, year: 2028 }))).rejects.toThrow();
      expect(await store.getPlan(A, 2027)).toEqual(before);
      expect(await store.getPlan(A, 2028)).toBeUndefined();
    });

    it('in a transaction, reads see its own writes; a failed transaction keeps none', async () => {
      await store.transaction(async (tx) => {
        await tx.updatePlan(A, 2027, addItem(A, 2027, 'a'));
        expect((await tx.getPlan(A, 2027))?.items).toHaveLength(1);
        expect((await tx.plansInYear(2027)).map((p) => p.nip)).toEqual([A]);
      });
      await expect(
        store.transaction(async (tx) => {
          await tx.updatePlan(B, 2027, addItem(B, 2027, 'b'));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.getPlan(B, 2027)).toBeUndefined();
      expect((await store.plansInYear(2027)).map((p) => p.nip)).toEqual([A]);
    });
  });
}
