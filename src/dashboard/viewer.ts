import type { Store } from '../domain/store.js';
import type { Employee } from '../domain/types.js';
import { kartuAccess } from '../engine/kartu.js';

/** Who is looking, and whom they may see. */
export interface Viewer {
  employee: Employee;
  /** An admin: every unit. */
  all: boolean;
  sees(nip: string): boolean;
  /** The units of the employees the viewer sees; undefined for an admin (every unit). */
  units?: Set<string>;
  /** The NIPs the viewer sees; undefined for an admin (everyone). */
  nips?: string[];
}

/** Past this many employees below an atasan, their tree is found over the whole roster read once. */
const WALK_LIMIT = 300;

/**
 * The viewer of a list page: an admin sees everyone; an atasan their subordinates and theirs down the
 * tree (not themselves). The tree is walked level by level with index lookups (an atasan of a few dozen:
 * a few lookups); a large one is found over the roster read once. A loop in the atasan data ends the walk.
 */
export async function listViewer(store: Store, employee: Employee): Promise<Viewer> {
  if (employee.role === 'admin') return { employee, all: true, sees: () => true };
  const found = new Map<string, Employee>();
  let level = [employee.nip];
  while (level.length > 0 && found.size <= WALK_LIMIT) {
    const next: string[] = [];
    for (const list of await Promise.all(level.map((nip) => store.subordinatesOf(nip)))) {
      for (const e of list) {
        if (e.nip === employee.nip || found.has(e.nip)) continue;
        found.set(e.nip, e);
        next.push(e.nip);
      }
    }
    level = next;
  }
  if (level.length === 0) {
    return { employee, all: false, sees: (nip) => found.has(nip), units: new Set([...found.values()].map((e) => e.unit)), nips: [...found.keys()] };
  }
  return treeFromRoster(store, employee);
}

async function treeFromRoster(store: Store, employee: Employee): Promise<Viewer> {
  const byAtasan = new Map<string, string[]>();
  const unitOf = new Map<string, string>();
  for (const e of await store.listEmployees()) {
    unitOf.set(e.nip, e.unit);
    if (!e.atasanNip) continue;
    const list = byAtasan.get(e.atasanNip);
    if (list) list.push(e.nip);
    else byAtasan.set(e.atasanNip, [e.nip]);
  }
  const below = new Set<string>();
  const queue = [employee.nip];
  while (queue.length > 0) {
    for (const nip of byAtasan.get(queue.pop()!) ?? []) {
      if (nip === employee.nip || below.has(nip)) continue;
      below.add(nip);
      queue.push(nip);
    }
  }
  const units = new Set([...below].map((nip) => unitOf.get(nip)!));
  return { employee, all: false, sees: (nip) => below.has(nip), units, nips: [...below] };
}

/**
 * The employee whose page `viewer` asks for, when they may see it (the Kartu Data's rule, which walks up the
 * employee's atasan chain: a few lookups); undefined otherwise, alike for an unknown NIP and a forbidden one
 * to anyone but an admin.
 */
export async function viewableEmployee(store: Store, viewer: Employee, nip: string): Promise<{ employee?: Employee; unknown: boolean }> {
  if (nip === viewer.nip && viewer.role !== 'admin') return { unknown: false };
  const access = await kartuAccess(store, viewer, nip);
  if (access.ok) return { employee: access.employee, unknown: false };
  return { unknown: access.reason === 'unknown' };
}
