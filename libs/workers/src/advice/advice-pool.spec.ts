import { planScenario } from '@imc/domain';
import { computeAdvice, inProcessRunner, planProposal } from '@imc/optimizer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adviceWorkerPool, poolRunner } from './advice-pool';

const plan = (problem: Parameters<typeof planProposal>[0], options: { scope: string; version: number }) => planProposal(problem, options);

describe('advice on the worker pool', () => {
  const pool = adviceWorkerPool(1);
  afterAll(() => pool.close());

  it('gives the same advice as planning in process, and a budget cut says so', async () => {
    const text = readFileSync(join(__dirname, '..', '..', '..', '..', 'scenarios', '05-jonglei-2012.jsonl'), 'utf8');
    const run = await planScenario(text, { plan });
    const last = run.proposals[run.proposals.length - 1];
    const inProcess = await computeAdvice(run.world, last, { run: inProcessRunner(run.world, last.scope, plan), budgetMs: 60_000 });
    const pooled = await computeAdvice(run.world, last, { run: poolRunner(pool, run.world, last.scope), budgetMs: 60_000 });
    expect(pooled.advice.complete).toBe(true);
    expect(pooled.advice.levers).toEqual(inProcess.advice.levers);
    expect(pooled.advice.levers.length).toBeGreaterThan(0);

    // Workers that cannot start and plan within 1 ms: nothing measured, and the answer says it may be partial.
    const cut = await computeAdvice(run.world, last, { run: poolRunner(pool, run.world, last.scope), budgetMs: 1 });
    expect(cut.advice).toMatchObject({ complete: false, budgetMs: 1, levers: [] });
    expect(pool.load).toEqual({ running: 0, queued: 0 });
  }, 120_000);
});
