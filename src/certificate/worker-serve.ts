export interface Served {
  value: unknown;
}

/** The child side of WorkerSlot: answers each { id, payload } with { id, ok, value | error } over IPC. */
export function serveJobs(handle: (payload: never) => Promise<Served>): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('serveJobs runs in a child process started with an IPC channel');
  process.on('message', async ({ id, payload }: { id: number; payload: never }) => {
    try {
      const { value } = await handle(payload);
      send({ id, ok: true, value });
    } catch (error) {
      send({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  });
  // The parent went away (it exited, or dropped this child): nothing is left to answer.
  process.on('disconnect', () => process.exit(0));
}
