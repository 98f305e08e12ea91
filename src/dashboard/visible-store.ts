import type { Store } from '../domain/store.js';
import type { Employee, Plan } from '../domain/types.js';

/** Up to this many NIPs, their plans are read one key lookup each rather than the year's plans filtered. */
const PLAN_LOOKUPS = 500;

/**
 * The store as an atasan's downloads read it: the roster, the year's activities and plans are those of
 * `nips` only (keyed lookups), so that computeRekap, siasnRows and rencanaRows read their subordinates'
 * records rather than the whole organisation's. Everything else is the store itself.
 */
export function visibleStore(store: Store, nips: Iterable<string>): Store {
  const sorted = [...new Set(nips)].sort();
  const set = new Set(sorted);
  const byNip = (list: Employee[]) => list.sort((a, b) => (a.nip < b.nip ? -1 : a.nip > b.nip ? 1 : 0));
  const overrides: Partial<Store> = {
    async employeesAfter(afterNip, limit) {
      let i = sorted.findIndex((n) => n > afterNip);
      if (i < 0) return [];
      // A NIP no longer in the roster leaves a page short; an empty page would end the caller's walk early.
      for (; i < sorted.length; i += limit) {
        const page = byNip(await store.employeesOfMany(sorted.slice(i, i + limit)));
        if (page.length > 0) return page;
      }
      return [];
    },
    async listEmployees(filter) {
      const all = byNip(await store.employeesOfMany(sorted));
      return filter?.unit === undefined ? all : all.filter((e) => e.unit === filter.unit);
    },
    activitiesInYear: (year) => store.activitiesOfMany(sorted, { year }),
    async plansInYear(year) {
      if (sorted.length > PLAN_LOOKUPS) return (await store.plansInYear(year)).filter((p) => set.has(p.nip));
      return (await Promise.all(sorted.map((nip) => store.getPlan(nip, year)))).filter((p): p is Plan => p !== undefined);
    },
  };
  return new Proxy(store, {
    get(target, prop) {
      if (Object.hasOwn(overrides, prop)) return overrides[prop as keyof Store];
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
