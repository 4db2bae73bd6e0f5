import bcrypt from 'bcryptjs';

/** One bcrypt job for the worker pool (see passwords.ts). */
export type PasswordTask =
  | { readonly op: 'hash'; readonly password: string; readonly cost: number }
  | { readonly op: 'verify'; readonly password: string; readonly hash: string };

/** Runs in a worker thread: bcrypt takes ~0.25 s of CPU at cost 12, which must not stall the event loop. */
export default function runPasswordTask(task: PasswordTask): Promise<string | boolean> {
  return task.op === 'hash' ? bcrypt.hash(task.password, task.cost) : bcrypt.compare(task.password, task.hash);
}
