/** The questions of one plan item, in order (the plan item dialogue; its button ids are `p:<nonce>:<step>:<value>`). */
export const PLAN_STEP_ORDER = ['jalur', 'form', 'materi', 'penyelenggara', 'jadwal', 'amount', 'biaya', 'dana', 'alasan'] as const;

export type PlanStep = (typeof PLAN_STEP_ORDER)[number];
