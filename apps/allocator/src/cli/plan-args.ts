import { Engine, ENGINES } from '@imc/optimizer';

export interface PlanArgs {
  file: string;
  all: boolean;
  /** After the proposal line(s), one line with every Loan and its status. */
  loans: boolean;
  /** After the proposal line(s), one Advice line for the last proposal. */
  advice: boolean;
  engine?: Engine;
  /** (v3) Write the last proposal's briefing to this file: a PDF or a workbook, by its extension. */
  briefing?: { file: string; format: 'pdf' | 'xlsx' };
}

/** `<scenario.jsonl> [--all] [--loans] [--advice] [--solver <engine>] [--briefing <file.pdf|file.xlsx>]`; a usage error is a string. */
export function parsePlanArgs(argv: readonly string[]): PlanArgs | string {
  let file: string | undefined;
  let all = false;
  let loans = false;
  let advice = false;
  let engine: Engine | undefined;
  let briefing: PlanArgs['briefing'];
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
    } else if (arg === '--briefing') {
      const value = argv[++i];
      const format = value === undefined ? undefined : /\.(pdf|xlsx)$/i.exec(value)?.[1].toLowerCase();
      if (value === undefined || (format !== 'pdf' && format !== 'xlsx')) return '--briefing needs a file name ending in .pdf or .xlsx';
      briefing = { file: value, format };
    } else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else if (file === undefined) file = arg;
    else return `unexpected argument ${arg}`;
  }
  if (file === undefined) return 'usage: npm run --silent plan -- <scenario.jsonl> [--all] [--loans] [--advice] [--solver auto|jslp|highs|greedy] [--briefing <file.pdf|file.xlsx>]';
  return { file, all, loans, advice, engine, ...(briefing ? { briefing } : {}) };
}
