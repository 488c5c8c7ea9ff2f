import { readFile } from 'node:fs/promises';
import type { Advice, Proposal } from '@imc/contracts';
import { planScenario, ScenarioRun, type World } from '@imc/domain';
import { computeAdvice, inProcessRunner, planProposal, type Engine } from '@imc/optimizer';

/** Reads a scenario file and plans it with the real optimizer; no Nest, no broker. */
export async function planFile(file: string, engine?: Engine): Promise<ScenarioRun> {
  const text = await readFile(file, 'utf8');
  return planScenario(text, {
    plan: (problem, options) => planProposal(problem, { ...options, engine }),
  });
}

/**
 * Advice on the last proposal of a run, in this process: the command has no event loop to keep
 * free, and planning the variants one after the other keeps its output the same on every run
 * (unless the default time budget runs out, which the answer then says).
 */
export async function adviseOn(world: World, proposal: Proposal, engine?: Engine): Promise<Advice> {
  const plan = (problem: Parameters<typeof planProposal>[0], options: { scope: string; version: number }) => planProposal(problem, { ...options, engine });
  return (await computeAdvice(world, proposal, { run: inProcessRunner(world, proposal.scope, plan) })).advice;
}
