import { describe, expect, it } from 'vitest';
import { chooseRunAs, type LookupUser } from './run-as.js';

type Ids = { uid: number; gid: number };
const accounts = (known: Partial<Record<string, Ids>>): LookupUser => (name) => known[name];
const postgres: Ids = { uid: 101, gid: 104 };
const nobody: Ids = { uid: 65534, gid: 65534 };

describe('who runs the test PostgreSQL', () => {
  it.each<{ who: string; uid: number; known: Partial<Record<string, Ids>>; expected: unknown }>([
    { who: 'a normal user, as itself', uid: 1000, known: { postgres, nobody }, expected: undefined },
    { who: 'root with a postgres account, as postgres', uid: 0, known: { postgres, nobody }, expected: { user: 'postgres', ...postgres } },
    { who: 'root on a fresh machine, as nobody', uid: 0, known: { nobody }, expected: { user: 'nobody', ...nobody } },
    { who: 'root whose postgres account is uid 0, as nobody', uid: 0, known: { postgres: { uid: 0, gid: 0 }, nobody }, expected: { user: 'nobody', ...nobody } },
  ])('$who', ({ uid, known, expected }) => {
    expect(chooseRunAs(uid, accounts(known))).toEqual(expected);
  });

  it('root with no account to run as gets a clear error', () => {
    expect(() => chooseRunAs(0, accounts({}))).toThrow(/neither a "postgres" nor a "nobody" account/);
  });
});
