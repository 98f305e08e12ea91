import { afterEach, describe, expect, it } from 'vitest';
import { listViewer } from '../../src/dashboard/viewer.js';
import type { Employee } from '../../src/domain/types.js';
import { makeWorld, type World } from '../helpers/script-driver.js';

const nip = (i: number) => `19800101200501${String(1000 + i).padStart(4, '0')}`;
const person = (i: number, atasan: number | null, unit = 'Unit A'): Employee => ({
  nip: nip(i),
  name: `Pegawai ${i}`,
  position: 'Staf',
  unit,
  atasanNip: atasan === null ? null : nip(atasan),
  role: 'user',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

let w: World | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

describe('listViewer: an atasan sees everyone below them, down the tree, and no one else', () => {
  // 1 heads 2..4; 2 heads 5..6 (in Unit B); 6 heads 7; 8 stands apart; 9 and 10 are each other's atasan (a data error).
  const small = [person(1, null), person(2, 1), person(3, 1), person(4, 1), person(5, 2, 'Unit B'), person(6, 2, 'Unit B'), person(7, 6), person(8, null), person(9, 10), person(10, 9)];
  const cases: [string, number, number[], string[]][] = [
    ['the head of the tree', 1, [2, 3, 4, 5, 6, 7], ['Unit A', 'Unit B']],
    ['a middle atasan', 2, [5, 6, 7], ['Unit A', 'Unit B']],
    ['an atasan of one', 6, [7], ['Unit A']],
    ['a loop in the atasan data ends, without the viewer', 9, [10], ['Unit A']],
  ];
  it.each(cases)('%s', async (_name, who, below, units) => {
    w = await makeWorld({ roster: 'nip,nama,jabatan,unit,atasan_nip' });
    await w.store.upsertEmployees(small);
    const v = await listViewer(w.store, (await w.store.getEmployee(nip(who)))!);
    expect(v.all).toBe(false);
    expect(small.filter((e) => v.sees(e.nip)).map((e) => e.nip)).toEqual(below.map(nip));
    expect([...v.units!].sort()).toEqual(units);
  });

  it('a tree too large to walk lookup by lookup is read from the roster, with the same answer', async () => {
    w = await makeWorld({ roster: 'nip,nama,jabatan,unit,atasan_nip' });
    // 1 heads 20 atasan (2..21), each heading 20 staff: 420 below, and one outsider.
    const big = [person(1, null), person(8999, null, 'Luar')];
    for (let m = 2; m <= 21; m++) {
      big.push(person(m, 1));
      for (let s = 0; s < 20; s++) big.push(person(100 + m * 20 + s, m, `Unit ${m}`));
    }
    await w.store.upsertEmployees(big);
    const v = await listViewer(w.store, (await w.store.getEmployee(nip(1)))!);
    expect(big.filter((e) => v.sees(e.nip))).toHaveLength(420);
    expect(v.sees(nip(8999))).toBe(false);
    expect(v.sees(nip(1))).toBe(false);
    expect(v.units!.size).toBe(21);
  });

  it('an admin sees everyone', async () => {
    w = await makeWorld();
    const admin = (await w.store.admins())[0]!;
    const v = await listViewer(w.store, admin);
    expect(v.all).toBe(true);
    expect(v.units).toBeUndefined();
  });
});
