import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

export interface StartRun {
  child: ChildProcess;
  /** Everything `npm start` and its services printed so far. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects on exit or timeout. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Ctrl-C: SIGINT, then waits for the exit (SIGKILL if it takes more than a minute). */
  interrupt(): Promise<number | null>;
}

const running = new Set<StartRun>();

/** Interrupts every start a spec left running (a failed spec). */
export async function stopAllStarts(): Promise<void> {
  await Promise.all([...running].map((r) => r.interrupt()));
}

/**
 * Runs the compiled scripts/start.ts as `npm start` does (the e2e setup built dist/), with its
 * output captured.
 * Without KAFKA_BROKERS it runs its own broker, on IMC_KAFKA_PORT with data under IMC_DATA_DIR.
 */
export function runStart(env: Record<string, string>): StartRun {
  const base: NodeJS.ProcessEnv = { ...process.env };
  delete base.KAFKA_BROKERS;
  delete base.NODE_ENV;
  const child = spawn(process.execPath, [join('dist', 'scripts', 'start.js')], {
    cwd: ROOT,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer): void => {
    output += chunk.toString();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const run: StartRun = {
    child,
    output: () => output,
    async waitFor(pattern, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const match = output.match(pattern);
        if (match) return match;
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`npm start exited (code ${child.exitCode}) before printing ${pattern}:\n${output.slice(-4000)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`npm start did not print ${pattern} within ${timeoutMs / 1000} s:\n${output.slice(-4000)}`);
    },
    async interrupt() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  running.add(run);
  child.once('exit', () => running.delete(run));
  return run;
}

/** The JSON log lines at level error in a piece of output. */
export function errorLines(output: string): string[] {
  return output.split('\n').filter((l) => l.includes('"level":"error"'));
}
