import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

export type AppName = 'allocator' | 'planner-api';

export interface AppProcess {
  name: AppName;
  child: ChildProcess;
  /** The last 200 kB the app printed, when its output is captured. */
  output(): string;
}

/**
 * Starts one of the services as its own Node process, as `npm start` runs it (TypeScript loaded
 * by ts-node, path aliases by tsconfig-paths). With `capture` its output is kept instead of shown.
 */
export function launchApp(name: AppName, env: NodeJS.ProcessEnv, options: { capture?: boolean } = {}): AppProcess {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join('apps', name, 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...env, TS_NODE_PROJECT: 'tsconfig.json' },
    stdio: ['ignore', options.capture ? 'pipe' : 'inherit', options.capture ? 'pipe' : 'inherit'],
  });
  let output = '';
  const append = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  return { name, child, output: () => output };
}

/**
 * Polls `url` until it answers 200 and resolves with the milliseconds that took; rejects when the
 * process exits first or the time is up.
 */
export async function waitReady(app: AppProcess, url: string, timeoutMs: number, pollMs = 250): Promise<number> {
  const started = Date.now();
  const tail = (): string => (app.output() ? `:\n${app.output().slice(-4000)}` : '; see its log above');
  while (Date.now() - started < timeoutMs) {
    if (app.child.exitCode !== null) throw new Error(`${app.name} exited (code ${app.child.exitCode}) before it was ready${tail()}`);
    try {
      if ((await fetch(url)).status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`${app.name} was not ready at ${url} within ${timeoutMs / 1000} s${tail()}`);
}
