import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { continueDialog, kitButton, startDialog, type DialogSpec, type KitData } from '../../src/engine/dialog-kit/index.js';
import { Turn } from '../../src/engine/turn.js';
import { catalog } from '../../src/engine/i18n/index.js';
import { makeWorld, type World } from '../helpers/script-driver.js';

/** A two-question dialogue: a typed name, then a colour from buttons; sending records the answers. */
type Q = 'name' | 'colour';
interface Toy extends KitData<Q> {
  name?: string;
  colour?: string;
}
const sent: Toy[] = [];
const TOY: DialogSpec<Toy, Q> = {
  dialog: 'toy',
  prefix: 't',
  order: ['name', 'colour'],
  steps: {
    name: {
      ask: () => ({ text: 'name?' }),
      text: (_turn, data, text) => {
        if (text.length < 2) return { ok: false, error: 'too short' };
        data.name = text;
        return { ok: true };
      },
    },
    colour: {
      ask: () => ({ text: 'colour?', buttons: [[kitButton('t', 'colour', 'red', 'Red'), kitButton('t', 'colour', 'blue', 'Blue')]] }),
      press: (_turn, data, value) => {
        if (value !== 'red' && value !== 'blue') return { ok: false, error: 'no such colour' };
        data.colour = value;
        return { ok: true };
      },
    },
  },
  editable: ['name', 'colour'],
  fieldLabel: (_turn, step) => step,
  isApplicable: () => true,
  unanswer: (data, step) => {
    data.answered = data.answered.filter((s) => s !== step);
  },
  summary: (_turn, data) => ({ text: `summary ${data.name}/${data.colour}`, canSend: true }),
  sendLabel: () => 'Save',
  send: async (_turn, data) => {
    sent.push(structuredClone(data));
    return { done: true };
  },
  cancelled: () => 'cancelled',
  inProgress: () => 'in progress',
};

let w: World;
let turn: Turn;
const from = { platform: 'console' as const, id: 'toy' };
beforeEach(async () => {
  w = await makeWorld();
  sent.length = 0;
});
afterEach(async () => w.close());

/** One event through the kit; returns what it said (texts and button ids) and the stored state after it. */
async function step(input: { text: string } | { press: string } | 'start') {
  turn = new Turn(w.deps, from, 'en');
  if (input === 'start') await startDialog(turn, TOY, { answered: [] });
  else await continueDialog(turn, TOY, (await w.store.getState(turn.stateKey))!, input);
  const said = turn.out.map((m) => ('text' in m ? m.text : ''));
  const ids = turn.out.flatMap((m) => ('buttons' in m ? (m.buttons ?? []).flat().map((b) => b.id) : []));
  return { said, ids, state: await w.store.getState(turn.stateKey) };
}

const t = catalog('en');

describe('dialogue kit', () => {
  it('asks in order, stamps its nonce into every button, and sends from the summary', async () => {
    expect((await step('start')).said).toEqual(['name?']);
    const colour = await step({ text: 'Siti' });
    const nonce = (colour.state!.data as unknown as Toy).nonce!;
    expect(colour.ids).toEqual([`t:${nonce}:colour:red`, `t:${nonce}:colour:blue`]);
    const summary = await step({ press: `t:${nonce}:colour:blue` });
    expect(summary.said).toEqual(['summary Siti/blue']);
    expect(summary.ids).toEqual([`t:${nonce}:summary:send`, `t:${nonce}:summary:edit`, `t:${nonce}:summary:cancel`]);
    const done = await step({ press: `t:${nonce}:summary:send` });
    expect(done.state).toBeUndefined();
    expect(sent.map((d) => [d.name, d.colour])).toEqual([['Siti', 'blue']]);
  });

  it.each([
    ['another dialogue’s stamp', (n: string) => `t:zz${n}:colour:red`],
    ['another prefix', (n: string) => `r:${n}:colour:red`],
    ['another step', (n: string) => `t:${n}:name:red`],
  ])('refuses %s as stale, changing nothing', async (_name, id) => {
    await step('start');
    const before = (await step({ text: 'Siti' })).state!;
    const out = await step({ press: id((before.data as unknown as Toy).nonce!) });
    expect(out.said).toEqual([t.staleButton, 'colour?']);
    expect(out.state).toEqual(before);
  });

  it('a refused answer is said and the question asked again, changing nothing', async () => {
    const before = (await step('start')).state;
    const out = await step({ text: 'x' });
    expect(out.said).toEqual(['too short', 'name?']);
    expect(out.state).toEqual(before);
  });

  it('"kembali" goes back one question and forgets its answer', async () => {
    await step('start');
    await step({ text: 'Siti' });
    const back = await step({ text: 'kembali' });
    expect(back.said).toEqual(['name?']);
    expect((back.state!.data as unknown as Toy).answered).toEqual([]);
  });

  it('"Ubah" then "kembali" restores every answer and returns to the summary', async () => {
    await step('start');
    const nonce = ((await step({ text: 'Siti' })).state!.data as unknown as Toy).nonce!;
    await step({ press: `t:${nonce}:colour:red` });
    const pick = await step({ press: `t:${nonce}:summary:edit` });
    expect(pick.ids).toEqual([`t:${nonce}:editpick:name`, `t:${nonce}:editpick:colour`, `t:${nonce}:editpick:back`]);
    expect((await step({ press: `t:${nonce}:editpick:name` })).said).toEqual(['name?']);
    const restored = await step({ text: 'back' });
    expect(restored.said).toEqual(['summary Siti/red']);
    const changed = await step({ press: `t:${nonce}:summary:edit` });
    expect(changed.said).toEqual([t.askEditField]);
    await step({ press: `t:${nonce}:editpick:name` });
    expect((await step({ text: 'Andi' })).said).toEqual(['summary Andi/red']);
  });

  it('"batal" drops the dialogue', async () => {
    await step('start');
    const out = await step({ text: 'batal' });
    expect(out.said).toEqual(['cancelled']);
    expect(out.state).toBeUndefined();
  });
});
