import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DIST, PROJECT_ROOT } from '../../scripts/support/project-root';
import { startService, stopAllServices } from '../support/services';

/**
 * What `npm run build` produces runs as production runs it: plain `node dist/...`, with no
 * development dependency loaded (the image's runtime stage has none), path aliases resolved, worker
 * threads on compiled entries, and the plan command giving the same answer as from the sources.
 * The global e2e setup has built dist/ (test/support/global-setup.ts).
 */
const GUARD = resolve(__dirname, '..', 'support', 'no-dev-dependencies.js');
const guarded = { NODE_OPTIONS: `--require ${GUARD}` };

function* jsFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* jsFiles(path);
    else if (entry.name.endsWith('.js')) yield path;
  }
}

describe('the compiled build', () => {
  afterAll(() => stopAllServices());

  it('leaves no @imc path alias for Node to resolve', () => {
    const left = [...jsFiles(DIST)].filter((file) => /\brequire\(["']@imc\//.test(readFileSync(file, 'utf8')));
    expect(left).toEqual([]);
  });

  it('is what the image and docker compose run: every entry point they name exists in dist/', () => {
    const compose = readFileSync(join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8');
    const dockerfile = readFileSync(join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
    const entries = [...`${compose}\n${dockerfile}`.matchAll(/"node", "(dist\/[^"]+)"/g)].map((m) => m[1]);
    expect(new Set(entries)).toEqual(new Set(['dist/apps/allocator/src/main.js', 'dist/apps/planner-api/src/main.js']));
    for (const entry of entries) expect(readFileSync(join(PROJECT_ROOT, entry), 'utf8')).toContain('bootstrap');
    // The runtime stage installs production dependencies only and runs unprivileged.
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(compose).not.toMatch(/ts-node|tsconfig-paths/);
  });

  it('runs both services to ready without TypeScript, ts-node or tsconfig-paths', async () => {
    const allocator = await startService('allocator', { IMC_INSTANCE: 'compiled', ...guarded }, 120_000);
    const api = await startService('planner-api', { IMC_INSTANCE: 'compiled', IMC_API_TOKENS: 'compiled-token:viewer', ...guarded }, 120_000);
    expect((await fetch(`${allocator.url}/health/ready`)).status).toBe(200);
    const proposals = await fetch(`${api.url}/v1/proposals`, { headers: { Authorization: 'Bearer compiled-token' } });
    expect(proposals.status).toBe(200);
    expect(allocator.output()).not.toMatch(/development dependency/);
  });

  it('runs the plan command from dist/ with the same output as from the sources', () => {
    const scenario = join('scenarios', 'v2-consent-lapse.jsonl');
    const compiled = spawnSync(process.execPath, [join(DIST, 'apps', 'allocator', 'src', 'cli', 'plan.js'), scenario, '--all', '--loans'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...guarded },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const sources = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join('apps', 'allocator', 'src', 'cli', 'plan.ts'), scenario, '--all', '--loans'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, TS_NODE_PROJECT: 'tsconfig.json' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(compiled.stderr).toBe('');
    expect(compiled.status).toBe(0);
    expect(sources.status).toBe(0);
    // solveMs is a measured duration, the one field two runs need not share.
    const strip = (out: string): string => out.replace(/"solveMs":[0-9.]+/g, '"solveMs":0');
    expect(strip(compiled.stdout)).toBe(strip(sources.stdout));
    expect(compiled.stdout.trim().split('\n').length).toBeGreaterThan(2);
  });

  it('runs worker threads on their compiled .js entries', () => {
    const pool = join(DIST, 'libs', 'platform', 'src', 'workers', 'worker-pool.js');
    const entry = join(DIST, 'libs', 'platform', 'src', 'workers', 'testing', 'arith.worker');
    const script = [
      `const { WorkerPool } = require(${JSON.stringify(pool)});`,
      `const { resolveWorkerEntry } = require(${JSON.stringify(join(DIST, 'libs', 'platform', 'src', 'workers', 'start-worker.js'))});`,
      `const pool = new WorkerPool(${JSON.stringify(entry)}, { size: 1 });`,
      `pool.run({ op: 'sum', values: [20, 22] }).then(async (sum) => {`,
      `  console.log(JSON.stringify({ sum, entry: resolveWorkerEntry(${JSON.stringify(entry)}) }));`,
      `  await pool.close();`,
      `});`,
    ].join('\n');
    const run = spawnSync(process.execPath, ['-e', script], { cwd: PROJECT_ROOT, env: { ...process.env, ...guarded }, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    const answer = JSON.parse(run.stdout) as { sum: number; entry: string };
    expect(answer.sum).toBe(42);
    expect(answer.entry).toMatch(/arith\.worker\.js$/);
  });

  it('plans an advice variant on the compiled advice worker, as the compiled API does', () => {
    const libs = join(DIST, 'libs');
    const script = [
      `const { readFileSync } = require('node:fs');`,
      `const { planScenario } = require(${JSON.stringify(join(libs, 'domain', 'src'))});`,
      `const { planProposal } = require(${JSON.stringify(join(libs, 'optimizer', 'src'))});`,
      `const { adviceWorkerPool, poolRunner } = require(${JSON.stringify(join(libs, 'workers', 'src', 'advice', 'advice-pool.js'))});`,
      `(async () => {`,
      `  const run = await planScenario(readFileSync('scenarios/05-jonglei-2012.jsonl', 'utf8'), { plan: (p, o) => planProposal(p, { ...o, engine: 'auto' }) });`,
      `  const pool = adviceWorkerPool(1);`,
      `  const variant = await poolRunner(pool, run.world, 'global')([], new AbortController().signal);`,
      `  console.log(JSON.stringify({ variant: variant.loans.map((l) => l.loanId), live: run.proposals.at(-1).loans.map((l) => l.loanId) }));`,
      `  await pool.close();`,
      `})();`,
    ].join('\n');
    const run = spawnSync(process.execPath, ['-e', script], { cwd: PROJECT_ROOT, env: { ...process.env, ...guarded }, encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    const answer = JSON.parse(run.stdout) as { variant: string[]; live: string[] };
    // The baseline variant (no lever) plans the same world again: the same loans.
    expect(answer.variant.length).toBeGreaterThan(0);
    expect(answer.variant).toEqual(answer.live);
  });
});
