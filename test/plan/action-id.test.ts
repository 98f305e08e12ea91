import { describe, expect, it } from 'vitest';
import { parseAction } from '../../src/engine/action-id.js';

const SITI = '199003152015032001';

describe('the action-id grammar of the plan and the evaluation', () => {
  it.each([
    ['p:Ab3:jalur:klasikal', { kind: 'dialog', prefix: 'p', nonce: 'Ab3', step: 'jalur', value: 'klasikal' }],
    ['p:Ab3:form:page:1', { kind: 'dialog', prefix: 'p', nonce: 'Ab3', step: 'form', value: 'page:1' }],
    ['p:Ab3:jadwal:2027-03', { kind: 'dialog', prefix: 'p', nonce: 'Ab3', step: 'jadwal', value: '2027-03' }],
    ['p:Ab3:summary:send', { kind: 'dialog', prefix: 'p', nonce: 'Ab3', step: 'summary', value: 'send' }],
    ['s:Ab3:pola:mingguan', { kind: 'dialog', prefix: 's', nonce: 'Ab3', step: 'pola', value: 'mingguan' }],
    ['pl:2027:add', { kind: 'plan', year: 2027, op: 'add' }],
    ['pl:2027:edit:3', { kind: 'plan', year: 2027, op: 'edit', no: 3 }],
    ['pl:2027:report:0', { kind: 'plan', year: 2027, op: 'report', no: 0 }],
    [`pp:${SITI}:2027:2:4:v`, { kind: 'ask-decision', subject: 'plan', id: `${SITI}:2027:2`, rev: '4', decision: 'v' }],
    [`pp:${SITI}:2027:0:1:a`, { kind: 'ask-decision', subject: 'plan', id: `${SITI}:2027:0`, rev: '1', decision: 'a' }],
    [`pd:${SITI}:2027:2:4:a:1`, { kind: 'decide', subject: 'plan', id: `${SITI}:2027:2`, rev: '4', decision: 'a', reason: 1 }],
    [`pdc:${SITI}:2027:2`, { kind: 'cancel-decision', subject: 'plan', id: `${SITI}:2027:2` }],
    ['ev:Xy_1-9:t', { kind: 'evaluate', id: 'Xy_1-9', gap: 't' }],
    ['ev:Xy_1-9:n', { kind: 'evaluate', id: 'Xy_1-9', gap: 'n' }],
  ])('%s parses', (raw, action) => {
    expect(parseAction(raw)).toEqual(action);
  });

  it.each([
    ['a report step under the plan prefix', 'p:Ab3:certno:skip'],
    ['a plan step under the report prefix', 'r:Ab3:materi:x'],
    ['a start step under the plan prefix', 'p:Ab3:pola:sekali'],
    ['an unknown plan operation', 'pl:2027:drop'],
    ['a year out of range', 'pl:1999:add'],
    ['an item number too long', 'pl:2027:edit:1000'],
    ['rejecting "every item"', `pp:${SITI}:2027:0:1:r`],
    ['returning "every item" in one press', `pd:${SITI}:2027:0:1:v:0`],
    ['a plan decision without its reason', `pd:${SITI}:2027:2:4:a:-`],
    ['a plan decision with no reason part', `pd:${SITI}:2027:2:4:a`],
    ['a NIP of 17 digits', `pp:${SITI.slice(1)}:2027:2:4:a`],
    ['a NIP with letters', `pp:19900315201503200x:2027:2:4:a`],
    ['an unknown gap code', 'ev:Xy:x'],
    ['an evaluation with no code', 'ev:Xy'],
    ['extra parts', 'pl:2027:add:1:2'],
  ])('refuses %s', (_name, raw) => {
    expect(parseAction(raw)).toBeUndefined();
  });
});
