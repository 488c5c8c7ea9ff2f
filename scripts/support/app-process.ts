import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, PROJECT_ROOT } from './project-root';

export type AppName = 'allocator' | 'planner-api';

export interface AppProcess {
  name: AppName;
  child: ChildProcess;
  /** The last 200 kB the app printed, when its output is captured. */
  output(): string;
}

/** The compiled entry point of a service: what production runs (`node dist/apps/<name>/src/main.js`). */
export function compiledEntry(name: AppName): string {
  return join(DIST, 'apps', name, 'src', 'main.js');
}

/**
 * Starts one of the services as its own Node process, compiled, as production runs it (no
 * TypeScript loader: `npm run build` must have run; `npm start` and the e2e setup see to it). With
 * `capture` its output is kept instead of shown.
 */
export function launchApp(name: AppName, env: NodeJS.ProcessEnv, options: { capture?: boolean } = {}): AppProcess {
  const entry = compiledEntry(name);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run npm run build first`);
  const child = spawn(process.execPath, [entry], {
    cwd: PROJECT_ROOT,
    env,
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
