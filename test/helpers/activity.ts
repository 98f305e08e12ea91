import { SCHEMA_VERSION, type Activity } from '../../src/domain/types.js';

let seq = 0;

/** An activity as the report dialog would store it; approved unless told otherwise. */
export function activity(
  nip: string,
  over: Partial<Activity> & { type: string; start: string; end?: string; jp: number; count?: number; pendingSince?: string },
): Activity {
  const { type, start, end, jp, count, pendingSince, ...rest } = over;
  const at = pendingSince ?? '2026-03-01T00:00:00.000Z';
  return {
    schemaVersion: SCHEMA_VERSION,
    id: `act${++seq}`,
    nip,
    input: { type, scope: 'nasional', start, end: end ?? start, ...(count ? { count } : {}) },
    title: `${type} ${seq}`,
    organizer: 'BPSDM',
    profile: 'lan-2018',
    jp,
    explanation: '',
    year: Number((end ?? start).slice(0, 4)),
    status: 'approved',
    history: [{ status: 'pending', by: nip, at }],
    createdAt: at,
    updatedAt: at,
    ...rest,
  };
}
