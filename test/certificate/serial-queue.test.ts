import { describe, expect, it } from 'vitest';
import { SerialQueue } from '../../src/certificate/serial-queue.js';
import { WorkerTimeoutError } from '../../src/certificate/worker-errors.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SerialQueue', () => {
  it('runs tasks one at a time, in order', async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    const task = (name: string, ms: number) => async () => {
      events.push(`${name} start`);
      await sleep(ms);
      events.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([queue.run(task('a', 30)), queue.run(task('b', 5)), queue.run(task('c', 5))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    expect(queue.size).toBe(0);
  });

  it('drops a task still waiting after its longest wait, at that moment, and never runs it', async () => {
    const queue = new SerialQueue();
    let ranLate = false;
    const slow = queue.run(() => sleep(400).then(() => 'slow'));
    const start = performance.now();
    const late = queue.run(async () => {
      ranLate = true;
    }, 100);
    await expect(late).rejects.toBeInstanceOf(WorkerTimeoutError);
    expect(performance.now() - start).toBeLessThan(300);
    await expect(slow).resolves.toBe('slow');
    expect(ranLate).toBe(false);
    // The queue goes on after the dropped task.
    await expect(queue.run(async () => 'next', 100)).resolves.toBe('next');
  });

  it('lets a task that started in time run longer than its wait limit', async () => {
    const queue = new SerialQueue();
    await expect(queue.run(() => sleep(150).then(() => 'done'), 50)).resolves.toBe('done');
  });
});
