// Worker thread entry: reads PDFs off the main event loop (see pdf-read.ts and worker-slot.ts).
import { readPdf, type PdfJob } from './pdf-read.js';
import { serveJobs } from './worker-serve.js';

serveJobs(async (job: PdfJob) => {
  const outcome = await readPdf(job);
  // Each buffer once: images may share one, and listing a buffer twice fails the transfer.
  const transfer = outcome.kind === 'read' ? [...new Set(outcome.images.map((image) => image.data.buffer as ArrayBuffer))] : [];
  return { value: outcome, transfer };
});
