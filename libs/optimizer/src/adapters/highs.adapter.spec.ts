import { highsRuntime, MILP_PRESOLVE_RULES_OFF, MILP_PRESOLVE_RULES_OFF_NAMES, toColumns } from './highs.adapter';
import type { LinearModel } from '../linear-model';

/** A small MILP with two parallel columns and a row to presolve: enough for HiGHS to run its presolve. */
const model: LinearModel = {
  objectiveOffset: 0,
  variables: [
    { name: 'a', kind: 'integer', lower: 0, upper: 3, cost: 2 },
    { name: 'b', kind: 'integer', lower: 0, upper: 3, cost: 2 },
    { name: 'c', kind: 'integer', lower: 0, upper: 5, cost: 3 },
  ],
  constraints: [
    { name: 'need', terms: [{ variable: 0, coefficient: 1 }, { variable: 1, coefficient: 1 }, { variable: 2, coefficient: 1 }], lower: 4, upper: Infinity },
    { name: 'share', terms: [{ variable: 0, coefficient: 2 }, { variable: 1, coefficient: 2 }, { variable: 2, coefficient: 3 }], lower: -Infinity, upper: 11 },
  ],
};

describe('HighsAdapter presolve rules', () => {
  it('switches off exactly the rules it names, each one HiGHS allows to be switched off', async () => {
    const highs = await highsRuntime();
    const instance = highs.createModel(toColumns(model, highs.infinity));
    const log: string[] = [];
    try {
      instance.options.set({ output_flag: true, log_to_console: false, ...({ presolve_rule_off: MILP_PRESOLVE_RULES_OFF } as object) });
      instance.run({
        [highs.constants.callbackType.logging](event: { message?: string }) {
          log.push(event.message ?? '');
        },
      } as never);
    } finally {
      instance.dispose();
    }
    const text = log.join('');
    // HiGHS lists each rule it was told not to run as "Rule <n> (set bit <n> = <value>): <name>",
    // and warns "Cannot disallow rule" for one it runs anyway.
    const named = [...text.matchAll(/Rule\s+(\d+) \(set bit\s+\d+ =\s+\d+\): ([^\n]+)/g)].map((match) => ({ bit: Number(match[1]), name: match[2].trim() }));
    expect(named.map((rule) => rule.name)).toEqual(MILP_PRESOLVE_RULES_OFF_NAMES);
    expect(named.reduce((mask, rule) => mask | (1 << rule.bit), 0)).toBe(MILP_PRESOLVE_RULES_OFF);
    expect(text).not.toMatch(/Cannot disallow/);
  });
});
