import type { Clock } from '../config.js';
import type { Store } from '../domain/store.js';
import type { Logger } from '../domain/log.js';
import type { CertificateReader } from './report/certificate.js';

/** What the engine needs from the outside world; adapters and the CLI build one. */
export interface EngineDeps {
  store: Store;
  clock: Clock;
  tz: string;
  /** JP rule profile id. */
  profile: string;
  /** Directory of the db file; evidence lives under `<dataDir>/evidence`. */
  dataDir: string;
  /** Telegram bot username, for deep links in invites, when known. */
  botUsername?: string;
  /** Structured log (JSON lines in production); alarms and turn errors go here. Default: none. */
  log?: Logger;
  /** The dashboard's address for sign-in links (src/dashboard/public-url.ts), from the run's settings. Default: publicUrl(). */
  dashboardUrl?: () => string;
  /** Reads a certificate file sent in a report (src/certificate, in workers). Unset: files are only kept. */
  readCertificate?: CertificateReader;
}
