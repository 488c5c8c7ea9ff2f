import { writeFile } from 'node:fs/promises';
import type { Advice } from '@imc/contracts';
import type { ScenarioRun } from '@imc/domain';
import { briefingPdf, briefingXlsx } from '@imc/platform/briefing';
import { adviseOn, planFile } from './plan-file';
import { parsePlanArgs } from './plan-args';
import { errorMessage } from '@imc/contracts';

/**
 * `npm run --silent plan -- <scenario.jsonl> [--all] [--loans] [--advice] [--solver <engine>] [--briefing <file.pdf|file.xlsx>]` (CONTRACT.md section 5).
 * stdout: the last proposal (or, with --all, every published one) as one JSON line each; with
 * --advice, then one Advice line for the last proposal; with --loans, then one line: a JSON array
 * of every Loan (as imc.loans carries it) with its status. With --briefing, the last proposal's
 * briefing (with its advice) is written to the file, a PDF or a workbook by its extension; stdout is unchanged.
 * stderr: `line N: reason` per rejected line, and per line applied only in part (a decision naming
 * loans that are not in the current proposal); with --advice, `advice: ...` saying why measured
 * changes are not listed, when some are not (Advice.note). Exit 0 all applied, 2 some rejected, 1 unreadable file.
 */
async function main(argv: readonly string[]): Promise<number> {
  const args = parsePlanArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n`);
    return 1;
  }
  let run: ScenarioRun;
  try {
    run = await planFile(args.file, args.engine);
  } catch (error: unknown) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      process.stderr.write(`cannot read scenario file ${args.file}: ${code}\n`);
      return 1;
    }
    throw error;
  }
  for (const r of run.rejected) process.stderr.write(`line ${r.line}: ${r.reason}\n`);
  for (const n of run.notes) process.stderr.write(`line ${n.line}: applied in part: ${n.reason}\n`);
  const shown = args.all ? run.proposals : run.proposals.slice(-1);
  for (const p of shown) process.stdout.write(`${JSON.stringify(p)}\n`);
  const last = run.proposals[run.proposals.length - 1];
  let advice: Advice | undefined;
  if ((args.advice || args.briefing) && last) advice = await adviseOn(run.world, last, args.engine);
  if (args.advice && advice) {
    process.stdout.write(`${JSON.stringify(advice)}\n`);
    // (v3) Why measured changes are not listed (each only moves a gap, or changes nothing).
    if (advice.note) process.stderr.write(`advice: ${advice.note}\n`);
  }
  if (args.loans) process.stdout.write(`${JSON.stringify(run.world.contractLoans())}\n`);
  if (args.briefing) {
    if (!last) {
      process.stderr.write(`no proposal to brief on: ${args.briefing.file} not written\n`);
      return 1;
    }
    const input = { proposal: last, missions: run.world.missions(), advice, currency: run.world.policy.currency ?? 'USD' };
    await writeFile(args.briefing.file, args.briefing.format === 'pdf' ? await briefingPdf(input) : await briefingXlsx(input));
  }
  return run.rejected.length > 0 ? 2 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`plan failed: ${errorMessage(error)}\n`);
    process.exitCode = 1;
  },
);
