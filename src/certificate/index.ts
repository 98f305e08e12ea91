// Reading bangkom certificates (issue 13): PDF text or OCR off the event loop, then the fields a report needs.
export { closeCertificateReader, createCertificateReader, readCertificate } from './reader.js';
export type { CertificateReader, CertificateReaderOptions } from './reader.js';
export { extractFields } from './fields/extract.js';
export {
  CertificateFieldsSchema,
  CertificateReadingSchema,
  DEFAULT_LIMITS,
  ReadFailureReasonSchema,
} from './types.js';
export type {
  CertificateFields,
  CertificateRead,
  CertificateReading,
  CertificateSource,
  FileHint,
  ReadFailureReason,
  ReadLimits,
} from './types.js';
