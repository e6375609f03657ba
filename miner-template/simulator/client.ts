import type { Task } from '../../datasets/index.js';
import { SimulatorErrors } from './errors.js';

/** Adds one round of tasks to a simulator running in another process (POST {origin}/tasks). */
export async function sendTasks(origin: string, tasks: readonly Task[]): Promise<void> {
  const res = await fetch(`${origin}/tasks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tasks }),
  });
  if (!res.ok) throw SimulatorErrors.BAD_TASKS(`${origin} answered ${res.status}: ${await res.text()}`);
}
