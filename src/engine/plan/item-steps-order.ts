/** The questions of one plan item, in order (the plan item dialogue; its button ids are `p:<nonce>:<step>:<value>`). */
export const PLAN_STEP_ORDER = ['jalur', 'form', 'materi', 'penyelenggara', 'jadwal', 'amount', 'biaya', 'dana', 'alasan'] as const;

export type PlanStep = (typeof PLAN_STEP_ORDER)[number];

/** The questions of "mulai" on an accepted item (its button ids are `s:<nonce>:<step>:<value>`). */
export const START_STEP_ORDER = ['mulai', 'selesai', 'tempat', 'pola'] as const;

export type StartStep = (typeof START_STEP_ORDER)[number];

/** `pl:<year>:<op>[:<no>]`: the plan view's buttons. */
export const PLAN_OPS = ['view', 'add', 'send', 'edit', 'del', 'start', 'report'] as const;

export type PlanOp = (typeof PLAN_OPS)[number];
