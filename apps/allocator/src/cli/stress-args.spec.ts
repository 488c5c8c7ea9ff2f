import { parseStressArgs } from './stress-args';

describe('stress arguments', () => {
  it('reads the options, with the horizon and workers defaulted', () => {
    expect(parseStressArgs(['w.jsonl', '--samples', '1000', '--seed', '7'], 2)).toEqual({ file: 'w.jsonl', samples: 1000, seed: 7, horizonDays: 90, workers: 2 });
    expect(parseStressArgs(['--seed', '0', 'w.jsonl', '--samples', '1', '--horizon', '30', '--workers', '1', '--solver', 'greedy', '--model', 'm.json'], 8)).toEqual({
      file: 'w.jsonl',
      samples: 1,
      seed: 0,
      horizonDays: 30,
      workers: 1,
      engine: 'greedy',
      modelFile: 'm.json',
    });
  });

  it('says clearly what is wrong', () => {
    expect(parseStressArgs(['w.jsonl', '--seed', '7'])).toMatch(/^--samples is required/);
    expect(parseStressArgs(['w.jsonl', '--samples', '10'])).toMatch(/^--seed is required/);
    expect(parseStressArgs(['w.jsonl', '--samples', '0', '--seed', '1'])).toBe('--samples must be from 1 to 100000, got 0');
    expect(parseStressArgs(['w.jsonl', '--samples', '10000000', '--seed', '1'])).toBe('--samples must be from 1 to 100000, got 10000000');
    expect(parseStressArgs(['w.jsonl', '--samples', '1.5', '--seed', '1'])).toBe('--samples needs a whole number from 1 to 100000, got 1.5');
    expect(parseStressArgs(['w.jsonl', '--samples', '5', '--seed'])).toBe('--seed needs a whole number from 0 to 2147483647');
    expect(parseStressArgs(['w.jsonl', '--samples', '5', '--seed', '1', '--fast'])).toMatch(/^unknown option --fast/);
    expect(parseStressArgs([])).toMatch(/^usage: /);
  });
});
