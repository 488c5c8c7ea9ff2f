import { Engine, ENGINES } from '@imc/optimizer';

export interface PlanArgs {
  file: string;
  all: boolean;
  /** After the proposal line(s), one line with every Loan and its status. */
  loans: boolean;
  /** After the proposal line(s), one Advice line for the last proposal. */
  advice: boolean;
  engine?: Engine;
}

/** `<scenario.jsonl> [--all] [--loans] [--advice] [--solver <engine>]`; a usage error is a string. */
export function parsePlanArgs(argv: readonly string[]): PlanArgs | string {
  let file: string | undefined;
  let all = false;
  let loans = false;
  let advice = false;
  let engine: Engine | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--all') all = true;
    else if (arg === '--loans') loans = true;
    else if (arg === '--advice') advice = true;
    else if (arg === '--solver') {
      const value = argv[++i];
      const known = ENGINES.find((e) => e === value);
      if (!known) return `--solver needs one of ${ENGINES.join(', ')}`;
      engine = known;
    } else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else if (file === undefined) file = arg;
    else return `unexpected argument ${arg}`;
  }
  if (file === undefined) return 'usage: npm run --silent plan -- <scenario.jsonl> [--all] [--loans] [--advice] [--solver auto|jslp|highs|greedy]';
  return { file, all, loans, advice, engine };
}
