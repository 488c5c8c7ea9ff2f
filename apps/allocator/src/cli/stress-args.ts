import { availableParallelism } from 'node:os';
import { DEFAULT_HORIZON_DAYS } from '@imc/domain';
import { Engine, ENGINES } from '@imc/optimizer';

/** The bounds the API applies too (docs/getting-started.md, "Before the next crisis"). */
export const STRESS_LIMITS = { samples: 100_000, seed: 2_147_483_647, horizonDays: 365, workers: 64 } as const;

export interface StressArgs {
  file: string;
  samples: number;
  seed: number;
  horizonDays: number;
  workers: number;
  /** A JSON file holding a crisis model (partial: what it leaves out is the default's). */
  modelFile?: string;
  engine?: Engine;
}

export const STRESS_USAGE =
  'usage: npm run --silent stress -- <scenario.jsonl> --samples N --seed S [--horizon D] [--workers W] [--model model.json] [--solver auto|jslp|highs|greedy]';

function intOption(name: string, raw: string | undefined, min: number, max: number): number | string {
  if (raw === undefined || !/^\d+$/.test(raw)) return `${name} needs a whole number from ${min} to ${max}${raw === undefined ? '' : `, got ${raw}`}`;
  const value = Number(raw);
  if (value < min || value > max) return `${name} must be from ${min} to ${max}, got ${raw}`;
  return value;
}

/** `<scenario.jsonl> --samples N --seed S [--horizon D] [--workers W] [--model F] [--solver E]`; a usage error is a string. */
export function parseStressArgs(argv: readonly string[], cores = availableParallelism()): StressArgs | string {
  let file: string | undefined;
  const ints: Record<'samples' | 'seed' | 'horizon' | 'workers', number | undefined> = { samples: undefined, seed: undefined, horizon: undefined, workers: undefined };
  const bounds = { samples: [1, STRESS_LIMITS.samples], seed: [0, STRESS_LIMITS.seed], horizon: [1, STRESS_LIMITS.horizonDays], workers: [1, STRESS_LIMITS.workers] } as const;
  let modelFile: string | undefined;
  let engine: Engine | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const name = arg.slice(2) as keyof typeof ints;
    if (arg.startsWith('--') && name in ints) {
      const value = intOption(arg, argv[++i], bounds[name][0], bounds[name][1]);
      if (typeof value === 'string') return value;
      ints[name] = value;
    } else if (arg === '--model') {
      modelFile = argv[++i];
      if (modelFile === undefined) return '--model needs a JSON file';
    } else if (arg === '--solver') {
      const value = argv[++i];
      const known = ENGINES.find((e) => e === value);
      if (!known) return `--solver needs one of ${ENGINES.join(', ')}`;
      engine = known;
    } else if (arg.startsWith('--')) return `unknown option ${arg}\n${STRESS_USAGE}`;
    else if (file === undefined) file = arg;
    else return `unexpected argument ${arg}\n${STRESS_USAGE}`;
  }
  if (file === undefined) return STRESS_USAGE;
  if (ints.samples === undefined) return `--samples is required\n${STRESS_USAGE}`;
  if (ints.seed === undefined) return `--seed is required\n${STRESS_USAGE}`;
  return {
    file,
    samples: ints.samples,
    seed: ints.seed,
    horizonDays: ints.horizon ?? DEFAULT_HORIZON_DAYS,
    workers: ints.workers ?? Math.max(1, Math.min(cores, STRESS_LIMITS.workers)),
    ...(modelFile !== undefined ? { modelFile } : {}),
    ...(engine !== undefined ? { engine } : {}),
  };
}
