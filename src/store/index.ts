export type { Store } from '../domain/store.js';
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
export { evidenceDirFor, saveEvidence } from './evidence.js';
