/** The turns bench/scale.ts drives through the engine: users, the report dialogue, timings. */
import type { InboundEvent, OutboundMessage, UserRef } from '../src/chat/events.js';

export interface Timing {
  n: number;
  p50: number;
  p95: number;
  max: number;
  /** CPU time of this process (user + system) per event: the assistant's own work, apart from waiting. */
  cpuMs: number;
}

export function timing(samples: number[], cpuMicros: number): Timing {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0;
  const r = (n: number) => Math.round(n * 100) / 100;
  return { n: s.length, p50: r(at(0.5)), p95: r(at(0.95)), max: r(s.at(-1) ?? 0), cpuMs: r(cpuMicros / 1000 / Math.max(1, s.length)) };
}

/** Microseconds of CPU this process spent since `since` (process.cpuUsage()). */
export function cpuSince(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return d.user + d.system;
}

/** Distinct employees with an atasan (i % 25 !== 0), spread over the whole roster, from a fixed seed. */
export function pickEmployees(employees: number, count: number, seed: number, avoid: Set<number>): number[] {
  let rng = seed >>> 0;
  const out: number[] = [];
  const seen = new Set(avoid);
  while (out.length < count && seen.size < employees) {
    rng = (Math.imul(rng, 1103515245) + 12345) >>> 0;
    const i = rng % employees;
    if (seen.has(i)) continue;
    seen.add(i);
    if (i % 25 !== 0) out.push(i);
  }
  return out;
}

export type Step = { text: string } | { press: string };

/** The answers of one webinar report up to its summary (10 events); presses name a button by its id's end. */
export const REPORT_STEPS: Step[] = [
  { text: 'lapor webinar' },
  { text: 'Webinar Manajemen ASN Berbasis Merit' },
  { text: 'BKN' },
  { press: ':scope:nasional' },
  { text: '10/03/2026' },
  { press: ':end:same' },
  { press: ':amount:1' },
  { press: ':certjp:none' },
  { press: ':certno:skip' },
  { press: ':evidence:skip' },
];
export const SUBMIT: Step = { press: ':summary:send' };

/** Turns a step into an event, pressing the shown button (ids carry a per-report stamp) like a client would. */
export function eventFor(step: Step, from: UserRef, shown: OutboundMessage[]): InboundEvent {
  if ('text' in step) return { kind: 'text', from, text: step.text };
  const ids = shown.flatMap((m) => (m.kind === 'retire' ? [] : (m.buttons ?? []).flat().map((b) => b.id)));
  const action = ids.find((id) => id.endsWith(step.press));
  if (!action) throw new Error(`no button ${step.press} shown (got: ${ids.join(', ') || 'none'})`);
  return { kind: 'press', from, action };
}
