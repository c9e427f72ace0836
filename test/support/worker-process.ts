import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** A real worker process (the app's own main.ts) with the test run's environment. */
export function spawnWorker(env: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ['-r', './test/support/ts-register.js', 'apps/worker/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      WORKER_HTTP_PORT: '0',
      LOG_LEVEL: process.env.TEST_WORKER_LOG_LEVEL ?? 'warn',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Waits for a condition on real processes' effects (no job to await after a crash), bounded in time. */
export async function waitFor(
  condition: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
