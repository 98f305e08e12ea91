export type { Store } from './store.js';
export type {
  Account,
  Activity,
  ActivityStatus,
  ConversationState,
  Employee,
  Evidence,
  Invite,
  ReminderMark,
  StatusChange,
} from '../domain/types.js';
export { LowdbStore, openLowdbStore, openLowdbStore as createStore, type LowdbStoreOptions } from './lowdb-store.js';
export { StoreError, type StoreErrorCode } from './errors.js';
export { layoutFor, type StoreLayout } from './layout.js';
export {
  checkEvidence,
  EVIDENCE_LIMITS,
  EvidenceError,
  evidenceDirFor,
  evidenceType,
  saveEvidence,
  type EvidenceCheck,
  type EvidenceMime,
} from './evidence.js';
