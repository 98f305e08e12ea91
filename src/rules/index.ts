/** Public API of the JP rules engine. Rules are data (catalog.ts, profiles/); compute.ts and caps.ts interpret them. */
export * from './types.js';
export { computeJp, formRule, MINUTES_PER_JP } from './compute.js';
export { applyCaps } from './caps.js';
export { listForms, getForm } from './catalog.js';
export { findForms, exactForm } from './match.js';
export { listProfiles, getProfile, DEFAULT_PROFILE } from './profiles/index.js';
export { formatJp, formatNumber, round2 } from './format.js';
export { activityYear } from './dates.js';
export { describeColumn, describeLimits, describeStatedJp, rowCitations, UNIT_WORD } from './explain.js';
