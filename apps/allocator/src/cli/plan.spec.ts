import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compact, pdfText, readWorkbook } from '@imc/platform/briefing/read-back';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** Runs the real command, as `npm run plan` does, in a child process. */
function plan(...args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'plan.ts'), ...args],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') } },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('plan command', () => {
  jest.setTimeout(60_000);

  it('prints the last proposal as one JSON line and exits 0', () => {
    const r = plan('scenarios/02-cote-divoire-elections-2010.jsonl');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ proposalId: 'global:2', status: 'pending' });
  });

  it('prints one Advice line for the last proposal after it with --advice, before the loans', () => {
    const r = plan('scenarios/05-jonglei-2012.jsonl', '--advice', '--loans');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    const proposal = JSON.parse(lines[0]) as { proposalId: string };
    const advice = JSON.parse(lines[1]) as { proposalId: string; complete: boolean; levers: { demandId: string; lever: string; target: string }[] };
    expect(advice.proposalId).toBe(proposal.proposalId);
    expect(advice.complete).toBe(true);
    expect(advice.levers.map((l) => [l.demandId, l.lever, l.target])).toEqual([
      ['jonglei-2012/utility-helicopter', 'reserve-floor', 'floor MONUSCO/utility-helicopter'],
      ['jonglei-2012/utility-helicopter', 'reserve-floor', 'floor MONUSCO/utility-helicopter'],
    ]);
    expect(Array.isArray(JSON.parse(lines[2]))).toBe(true);
  });

  it('says on stderr why no lever is listed when the changes measured win nothing (v3)', () => {
    // v3-moved-gap-lender-heavier: UNOCI is short because UNMIL's own need weighs more; UNMIL's
    // floor (3 of 6) is not what holds its companies, so lowering it by 1 or 2 changes no plan.
    const r = plan('scenarios/v3-moved-gap-lender-heavier.jsonl', '--advice');
    expect(r.code).toBe(0);
    const advice = JSON.parse(r.stdout.trim().split('\n')[1]) as { levers: unknown[]; note?: string };
    expect(advice.levers).toEqual([]);
    expect(r.stderr).toBe(`advice: ${advice.note}\n`);
    expect(advice.note).toMatch(/^no lever listed: 2 changes measured, none lowers the whole world's weighted shortfall; /);
  });

  it('prints every Loan with its status on one line after the proposal with --loans', () => {
    const r = plan('scenarios/v2-consent-lapse.jsonl', '--loans', '--solver', 'greedy');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const loans = JSON.parse(lines[1]) as { loanId: string; status: string; unitIds: string[] }[];
    expect(loans.map((l) => [l.unitIds, l.status])).toEqual([[['UNMIL-inf-PAK-01', 'UNMIL-inf-PAK-02'], 'recalled']]);
  });

  it('prints every published proposal with --all', () => {
    const r = plan('scenarios/03-liberia-elections-2011.jsonl', '--all', '--solver', 'greedy');
    expect(r.code).toBe(0);
    const versions = r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { version: number }).version);
    expect(versions).toEqual([1, 2, 3]);
  });

  it('reports rejected lines with their numbers and exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    const file = join(dir, 'bad.jsonl');
    const tick = { specversion: '1.0', id: 'e1', source: '/t', type: 'imc.clock.ticked', time: '2011-01-01T00:00:00Z', data: {} };
    writeFileSync(file, `# header\n${JSON.stringify(tick)}\nnot json\n${JSON.stringify({ ...tick, id: 'e2', type: 'imc.nope' })}\n`);
    const r = plan(file);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^line 3: not valid JSON/), 'line 4: unknown event type imc.nope']);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('writes the last proposal\'s briefing with --briefing, a PDF or a workbook by the extension, stdout unchanged (v3)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imc-plan-briefing-'));
    const plain = plan('scenarios/05-jonglei-2012.jsonl');
    const pdf = plan('scenarios/05-jonglei-2012.jsonl', '--briefing', join(dir, 'b.pdf'));
    const xlsx = plan('scenarios/05-jonglei-2012.jsonl', '--briefing', join(dir, 'b.xlsx'));
    // The same proposal line (its solve time aside).
    const timeless = (line: string) => ({ ...JSON.parse(line), solver: { ...JSON.parse(line).solver, solveMs: 0 } });
    expect([pdf.code, pdf.stderr, timeless(pdf.stdout)]).toEqual([0, '', timeless(plain.stdout)]);
    expect([xlsx.code, xlsx.stderr]).toEqual([0, '']);
    const proposal = JSON.parse(plain.stdout) as { proposalId: string; loans: { loanId: string; cost: { total: number } }[]; unmet: { demandId: string }[] };
    expect([proposal.loans.length > 0, proposal.unmet.length > 0]).toEqual([true, true]);
    const text = compact(await pdfText(readFileSync(join(dir, 'b.pdf'))));
    expect(text).toContain(compact(`Briefing: proposal ${proposal.proposalId}`));
    for (const l of proposal.loans) expect(text).toContain(l.loanId);
    for (const u of proposal.unmet) expect(text).toContain(compact(u.demandId));
    const sheets = await readWorkbook(readFileSync(join(dir, 'b.xlsx')));
    expect(sheets.Loans.map((r) => [r.Loan, r['Total cost (USD)']])).toEqual(proposal.loans.map((l) => [l.loanId, l.cost.total]));
  });

  it('exits 1 with a clear message on an unreadable file', () => {
    const r = plan('scenarios/no-such-file.jsonl');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('cannot read scenario file scenarios/no-such-file.jsonl: ENOENT\n');
    expect(r.stdout).toBe('');
  });
});
