// Child process entry: reads PDFs outside the assistant's process, whose memory the OS takes back when the
// child stops (see pdf-read.ts and worker-slot.ts).
import { readPdf, type PdfJob } from './pdf-read.js';
import { serveJobs } from './worker-serve.js';

serveJobs(async (job: PdfJob) => ({ value: await readPdf(job) }));
