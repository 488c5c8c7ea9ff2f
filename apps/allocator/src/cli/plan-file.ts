import { readFile } from 'node:fs/promises';
import { planScenario, ScenarioRun } from '@imc/domain';
import { planProposal, type Engine } from '@imc/optimizer';

/** Reads a scenario file and plans it with the real optimizer; no Nest, no broker. */
export async function planFile(file: string, engine?: Engine): Promise<ScenarioRun> {
  const text = await readFile(file, 'utf8');
  return planScenario(text, {
    plan: (problem, options) => planProposal(problem, { ...options, engine }),
  });
}
