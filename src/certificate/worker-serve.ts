import { parentPort, type Transferable } from 'node:worker_threads';

export interface Served {
  value: unknown;
  transfer?: Transferable[];
}

/** The worker side of WorkerSlot: answers each { id, payload } with { id, ok, value | error }. */
export function serveJobs(handle: (payload: never) => Promise<Served>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs runs inside a worker thread');
  port.on('message', async ({ id, payload }: { id: number; payload: never }) => {
    try {
      const { value, transfer } = await handle(payload);
      port.postMessage({ id, ok: true, value }, transfer ?? []);
    } catch (error) {
      port.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  });
}
