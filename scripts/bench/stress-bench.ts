/**
 * Stress-test benchmark (`npm run bench:stress`, chained into `npm run bench`): 1,000 samples of
 * the default crisis model on the demo world, on a pool of 1 and then 2 worker threads. Prints
 * samples per second (the pre-clearance re-runs included in the time) and the speed-up from 1 to 2
 * workers, with the machine's load average, since other work on the machine moves the figures.
 * Each pool is warmed up first (its workers load the engine), so start-up is not in the figure.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { batchContext, BATCH_SIZE, DEFAULT_CRISIS_MODEL, planScenario } from '@imc/domain';
import { planProposal } from '@imc/optimizer';
import { createStressPool, runStressOnPool } from '@imc/workers';
import { errorMessage } from '@imc/contracts';

const SAMPLES = Number(process.env.IMC_BENCH_STRESS_SAMPLES ?? 1000);
const SEED = 2012;
const TARGET_S = 60;

async function main(): Promise<void> {
  const text = readFileSync(join(process.cwd(), 'scenarios', 'demo-2010-2012.jsonl'), 'utf8');
  const world = (await planScenario(text, { plan: (p, o) => planProposal(p, o) })).world;
  const results: { workers: number; seconds: number; cpuSeconds: number; plans: number; samplesPerS: number }[] = [];
  let firstReport = '';
  for (const workers of [1, 2]) {
    const pool = createStressPool(workers);
    try {
      const warm = batchContext(world, { samples: workers * BATCH_SIZE, seed: SEED + 1, horizonDays: 90, model: DEFAULT_CRISIS_MODEL });
      const real = batchContext(world, { samples: SAMPLES, seed: SEED, horizonDays: 90, model: DEFAULT_CRISIS_MODEL });
      if (!('ctx' in warm) || !('ctx' in real)) throw new Error('the demo world knows every mission');
      await runStressOnPool(pool, world, warm.ctx, { maxCandidates: 0 });
      let plans = 0;
      // CPU time of the whole process, worker threads included: what the run costs whatever the machine's load.
      const cpu = process.cpuUsage();
      const started = performance.now();
      const report = await runStressOnPool(pool, world, real.ctx, {
        onProgress: (p) => {
          plans = p.total;
          if (p.done % 100 === 0) process.stderr.write(`stress bench: ${workers} worker(s) ${p.done}/${p.total}\n`);
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      results.push({ workers, seconds, cpuSeconds: (used.user + used.system) / 1e6, plans, samplesPerS: SAMPLES / seconds });
      const json = JSON.stringify(report);
      if (firstReport && json !== firstReport) throw new Error('1 and 2 workers gave different reports');
      firstReport = json;
    } finally {
      await pool.close();
    }
  }
  const [one, two] = results;
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`\nStress test: ${SAMPLES} samples of the default model on the demo world (seed ${SEED}), ${availableParallelism()} cores, load average ${load}`);
  console.log('| workers | time | samples/s | CPU time (all threads) | plans (samples + pre-clearance re-runs) |');
  console.log('|---|---|---|---|---|');
  for (const r of results) console.log(`| ${r.workers} | ${r.seconds.toFixed(1)} s | ${r.samplesPerS.toFixed(1)} | ${r.cpuSeconds.toFixed(1)} s | ${r.plans} |`);
  console.log(`speed-up from 1 to 2 workers: ${(one.seconds / two.seconds).toFixed(2)}x; same report: yes; target ${SAMPLES} samples within ${TARGET_S} s on 2 workers: ${two.seconds <= TARGET_S ? 'met' : 'missed'}`);
  console.log(JSON.stringify({ samples: SAMPLES, seed: SEED, loadavg: loadavg(), results }));
}

main().catch((error: unknown) => {
  process.stderr.write(`stress bench failed: ${errorMessage(error)}\n`);
  process.exitCode = 1;
});
