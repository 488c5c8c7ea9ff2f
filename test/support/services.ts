import { ChildProcess } from 'node:child_process';
import { AppName, launchApp, waitReady } from '../../scripts/support/app-process';

/** How long a stopped service may take to exit before it is killed (its own bound is 10 s). */
const STOP_TIMEOUT_MS = 25_000;

export interface ServiceHandle {
  name: string;
  port: number;
  url: string;
  process: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for the exit (graceful shutdown). */
  stop(): Promise<number | null>;
  /** SIGKILL: the crash case. */
  kill(): Promise<void>;
}

const running = new Set<ServiceHandle>();

/** Stops every service this spec file started and has not stopped (a failed spec leaves some). */
export async function stopAllServices(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
}

// Below the ephemeral range (32768 and up), so no outgoing connection can hold a port we pick.
let nextPort = 21000 + Math.floor(Math.random() * 3000);
export function freePort(): number {
  nextPort += 1;
  return nextPort;
}

/** The brokers of the broker the e2e run started (test/support/global-setup.ts). */
export function testBrokers(): string {
  const brokers = process.env.E2E_KAFKA_BROKERS;
  if (!brokers) throw new Error('E2E_KAFKA_BROKERS is not set: run the e2e specs through test/jest-e2e.config.js');
  return brokers;
}

/**
 * Starts one of the apps as its own Node process, exactly as in production but for the TS
 * loader, and waits until /health/ready answers 200 (or the process exits).
 */
export async function startService(app: AppName, env: Record<string, string>, readyTimeoutMs = 60_000): Promise<ServiceHandle> {
  const port = Number(env.ALLOCATOR_PORT ?? env.PORT ?? freePort());
  const launched = launchApp(
    app,
    { ...process.env, KAFKA_BROKERS: testBrokers(), NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env, [app === 'allocator' ? 'ALLOCATOR_PORT' : 'PORT']: String(port) },
    { capture: true },
  );
  const child = launched.child;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = `http://127.0.0.1:${port}`;
  const handle: ServiceHandle = {
    name: app,
    port,
    url,
    process: child,
    output: launched.output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      // The services bound their own shutdown (10 s); one still running well after that is a
      // fault to see, not a reason to hang the suite: it is named with its last output, and killed.
      const timer = setTimeout(() => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        process.stderr.write(`[services] ${app} did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGTERM; killing it. Its last output:\n${launched.output().slice(-4000)}\n`);
        child.kill('SIGKILL');
      }, STOP_TIMEOUT_MS);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
  running.add(handle);
  child.once('exit', () => running.delete(handle));
  try {
    await waitReady(launched, `${url}/health/ready`, readyTimeoutMs);
  } catch (error) {
    await handle.kill();
    throw error;
  }
  return handle;
}

/** Polls until `check` returns a value other than undefined. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
}
