import { readFile } from 'node:fs/promises';
import { batchContext, planScenario, resolveCrisisModel, type ScenarioRun } from '@imc/domain';
import { planProposal } from '@imc/optimizer';
import { createStressPool, runStressOnPool } from '@imc/workers';
import { parseStressArgs } from './stress-args';
import { progressPrinter } from './stress-progress';
import { describeStressReport } from './stress-summary';
import { errorMessage } from '@imc/contracts';

/**
 * `npm run --silent stress -- <scenario.jsonl> --samples N --seed S [--horizon D] [--workers W]`
 * (CONTRACT.md section 5): replays the scenario as `plan` does, then stress-tests the world it ends
 * in on a pool of worker threads. stdout: one StressReport line. stderr: progress, `line N:
 * reason` per rejected line, then (v3) a few `stress: ...` lines saying what the report means. Exit 0, 2 (some lines rejected; the report is still printed) or 1
 * (bad arguments, unreadable file or model).
 */
async function main(argv: readonly string[]): Promise<number> {
  const args = parseStressArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n`);
    return 1;
  }
  let modelInput: unknown;
  if (args.modelFile !== undefined) {
    try {
      modelInput = JSON.parse(await readFile(args.modelFile, 'utf8'));
    } catch (error: unknown) {
      process.stderr.write(`cannot read model file ${args.modelFile}: ${errorMessage(error)}\n`);
      return 1;
    }
  }
  const model = resolveCrisisModel(modelInput);
  if (!model.ok) {
    for (const e of model.errors) process.stderr.write(`${e.field}: ${e.messages.join('; ')}\n`);
    return 1;
  }
  let text: string;
  try {
    text = await readFile(args.file, 'utf8');
  } catch (error: unknown) {
    process.stderr.write(`cannot read scenario file ${args.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return 1;
  }
  const run: ScenarioRun = await planScenario(text, { plan: (problem, options) => planProposal(problem, { ...options, engine: args.engine }) });
  for (const r of run.rejected) process.stderr.write(`line ${r.line}: ${r.reason}\n`);
  const context = batchContext(run.world, { samples: args.samples, seed: args.seed, horizonDays: args.horizonDays, model: model.model });
  if ('unknownMissions' in context) {
    process.stderr.write(`model.missions: not in the world: ${context.unknownMissions.join(', ')}\n`);
    return 1;
  }
  const pool = createStressPool(args.workers);
  const progress = progressPrinter(process.stderr);
  try {
    const report = await runStressOnPool(pool, run.world, context.ctx, { engine: args.engine, onProgress: (p) => progress.update(p) });
    progress.finish();
    process.stdout.write(`${JSON.stringify(report)}\n`);
    for (const line of describeStressReport(report)) process.stderr.write(`stress: ${line}\n`);
  } finally {
    await pool.close();
  }
  return run.rejected.length > 0 ? 2 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`stress failed: ${errorMessage(error)}\n`);
    process.exitCode = 1;
  },
);
