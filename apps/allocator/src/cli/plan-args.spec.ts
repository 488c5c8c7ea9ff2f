import { parsePlanArgs } from './plan-args';

describe('parsePlanArgs', () => {
  it('reads the file, --all and --solver in any order', () => {
    expect(parsePlanArgs(['s.jsonl'])).toEqual({ file: 's.jsonl', all: false, loans: false, advice: false, engine: undefined });
    expect(parsePlanArgs(['--solver', 'highs', 's.jsonl', '--all'])).toEqual({ file: 's.jsonl', all: true, loans: false, advice: false, engine: 'highs' });
    expect(parsePlanArgs(['--advice', 's.jsonl'])).toEqual({ file: 's.jsonl', all: false, loans: false, advice: true, engine: undefined });
    expect(parsePlanArgs(['s.jsonl', '--loans'])).toEqual({ file: 's.jsonl', all: false, loans: true, advice: false, engine: undefined });
    expect(parsePlanArgs(['s.jsonl', '--briefing', 'out/B.PDF'])).toEqual({ file: 's.jsonl', all: false, loans: false, advice: false, engine: undefined, briefing: { file: 'out/B.PDF', format: 'pdf' } });
    expect(parsePlanArgs(['--briefing', 'b.xlsx', 's.jsonl'])).toMatchObject({ file: 's.jsonl', briefing: { file: 'b.xlsx', format: 'xlsx' } });
  });

  it('explains what is wrong instead of guessing', () => {
    expect(parsePlanArgs([])).toMatch(/^usage: /);
    expect(parsePlanArgs(['s.jsonl', '--solver', 'cplex'])).toMatch(/^--solver needs one of auto, jslp, highs, greedy/);
    expect(parsePlanArgs(['s.jsonl', '--fast'])).toBe('unknown option --fast');
    expect(parsePlanArgs(['a.jsonl', 'b.jsonl'])).toBe('unexpected argument b.jsonl');
    expect(parsePlanArgs(['s.jsonl', '--briefing'])).toBe('--briefing needs a file name ending in .pdf or .xlsx');
    expect(parsePlanArgs(['s.jsonl', '--briefing', 'b.docx'])).toBe('--briefing needs a file name ending in .pdf or .xlsx');
  });
});
