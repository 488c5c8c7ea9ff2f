import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as ts from 'typescript';
import { TOPICS } from '@imc/contracts';
import { produce } from '../support/kafka-client';
import { eventually, freePort, ServiceHandle, startService } from '../support/services';
import { TOKEN_ENV } from './support/api-client';
import { answersModule, AnswerRecorder, RecordedAnswer } from './support/answer-recorder';
import { PrivateBroker, startPrivateBroker } from './support/private-broker';
import { consents, crisis, mission, msg, unit } from './support/world-events';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const T0 = '2011-01-01T00:00:00Z';

type Method = RecordedAnswer['method'];
interface OpenApiDocument {
  paths: Record<string, Partial<Record<Method | 'put' | 'patch', { responses: Record<string, { content?: Record<string, unknown> }>; security?: unknown[] }>>>;
}
interface Proposal {
  proposalId: string;
  loans: { loanId: string; capability: string }[];
  unmet: unknown[];
}

/** Debian's prometheus package installs it (.ci/run does); PROMTOOL names another. */
const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';
const RULES = join(ROOT, 'deploy', 'prometheus', 'imc-allocator.rules.yml');
const RULES_TEST = join(ROOT, 'deploy', 'prometheus', 'imc-allocator.rules.test.yml');
const DASHBOARD = join(ROOT, 'deploy', 'grafana', 'imc-allocator.dashboard.json');

async function promtool(args: string[], input?: string): Promise<{ code: number; out: string }> {
  if (!existsSync(PROMTOOL)) throw new Error(`${PROMTOOL} is missing: install Debian's prometheus package (apt-get install prometheus), as .ci/run does, or set PROMTOOL`);
  return new Promise((resolve) => {
    const child = execFile(PROMTOOL, args, { cwd: join(ROOT, 'deploy', 'prometheus') }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Every PromQL expression of the dashboard, with Grafana's interval variable made a duration. */
function dashboardExpressions(): string[] {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: { targets?: { expr: string }[] }[] };
  return dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr.replace(/\$__rate_interval/g, '5m')));
}

/** Every `expr:` of the rules file (single line or a folded block). */
function ruleExpressions(): string[] {
  const lines = readFileSync(RULES, 'utf8').split('\n');
  const out: string[] = [];
  lines.forEach((line, i) => {
    const m = /^(\s*)expr:\s*(.*)$/.exec(line);
    if (!m) return;
    if (!/^[>|]/.test(m[2])) return void out.push(m[2]);
    const block: string[] = [];
    for (let j = i + 1; j < lines.length && (lines[j].trim() === '' || lines[j].search(/\S/) > m[1].length); j++) block.push(lines[j].trim());
    out.push(block.join(' '));
  });
  return out;
}

/**
 * What the services serve, checked against what generators and operators are given.
 *
 * A contract any generator trusts (issue 27, section 4): the OpenAPI document the planner-api
 * serves, turned into TypeScript by openapi-typescript, types every real answer of every operation
 * (success and errors) recorded from the real allocator and API on a broker of their own; every
 * status answered is one the document declares; and Redocly's recommended lint finds no error.
 *
 * Operations as files (section 5): the alert rules pass promtool's check and their unit tests,
 * the dashboard's queries parse, both services' /metrics pass promtool's lint, and every metric
 * the rules and the dashboard name is one a running service exports.
 */
describe('the served OpenAPI document and metrics against the real services', () => {
  let broker: PrivateBroker;
  let allocator: ServiceHandle;
  let api: ServiceHandle;
  let document: OpenApiDocument;
  let work: string;
  let recorded: AnswerRecorder;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'imc-openapi-'));
    broker = await startPrivateBroker();
    const common = { KAFKA_BROKERS: broker.brokers, IMC_INSTANCE: 'e2e-openapi' };
    [allocator, api] = await Promise.all([
      startService('allocator', { ...common, ALLOCATOR_PORT: String(freePort()), IMC_DEBOUNCE_MS: '50' }),
      startService('planner-api', { ...common, IMC_API_TOKENS: TOKEN_ENV, IMC_ADVICE_BUDGET_MS: '60000', IMC_ADVICE_WORKERS: '1' }),
    ]);
    recorded = new AnswerRecorder(api.url);
    document = (await (await fetch(`${api.url}/docs-json`)).json()) as OpenApiDocument;

    // A donor with 4 helicopters and 4 infantry companies (the default floor keeps half), a
    // recipient in crisis needing one of each and an attack helicopter nobody holds: a proposal
    // with two loans and a shortfall.
    await produce(TOPICS.missions, [msg('OAD', mission('OAD', 'LBR', { lat: 6.32, lon: -10.81 }, T0)), msg('OAR', mission('OAR', 'CIV', { lat: 5.35, lon: -4.0 }, T0))], broker.kafka);
    await produce(
      TOPICS.units,
      [1, 2, 3, 4].flatMap((i) => [msg(`oa-heli-${i}`, unit(`oa-heli-${i}`, 'OAD', 'utility-helicopter', T0)), msg(`oa-inf-${i}`, unit(`oa-inf-${i}`, 'OAD', 'infantry-company', T0))]),
      broker.kafka,
    );
    await produce(TOPICS.consents, consents('OAD', 'OAR', 'UKR', 'CIV', T0).map((c) => msg(String(c.data.consentId), c)), broker.kafka);
    const requirements = [
      { capability: 'utility-helicopter' as const, quantity: 1, priority: 8 },
      { capability: 'infantry-company' as const, quantity: 1, priority: 6 },
      { capability: 'attack-helicopter' as const, quantity: 1, priority: 5 },
    ];
    await produce(TOPICS.crises, [msg('oa-crisis', crisis('imc.crisis.declared', 'oa-crisis', 'OAR', '2011-01-02T00:00:00Z', { start: '2011-01-20T00:00:00Z', end: '2011-04-30T00:00:00Z' }, requirements))], broker.kafka);
  }, 300_000);

  afterAll(async () => {
    await api?.stop();
    await allocator?.stop();
    await broker?.dispose();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('records an answer of every operation, successes and errors, on a real world', async () => {
    const r = recorded;
    const proposal = await eventually(async () => {
      const res = await r.call('get', '/v1/proposals/current', { who: 'viewer' });
      r.answers.pop(); // only the last one counts, below
      const p = res.body as Proposal;
      return res.status === 200 && p.loans.length === 2 && p.unmet.length === 1 ? p : undefined;
    }, 60_000, 'a proposal with two loans and a shortfall');
    const id = proposal.proposalId;
    const heli = proposal.loans.find((l) => l.capability === 'utility-helicopter')!.loanId;
    const infantry = proposal.loans.find((l) => l.capability === 'infantry-company')!.loanId;

    // Open endpoints.
    await r.call('get', '/health/live');
    await r.call('get', '/health/ready');
    await r.call('get', '/metrics');

    // Proposals.
    await r.call('get', '/v1/proposals/current', { who: 'viewer', query: { scope: 'global' } });
    await r.call('get', '/v1/proposals/current', { who: 'viewer', query: { scope: 'nowhere' } });
    await r.call('get', '/v1/proposals/current', { who: 'unknown' });
    await r.call('get', '/v1/proposals/{proposalId}', { who: 'viewer', params: { proposalId: id } });
    await r.call('get', '/v1/proposals/{proposalId}', { who: 'viewer', params: { proposalId: 'global:9999' } });
    await r.call('get', '/v1/proposals/{proposalId}', { params: { proposalId: id } });
    await r.call('get', '/v1/proposals/{proposalId}/advice', { who: 'viewer', params: { proposalId: id } });
    await r.call('get', '/v1/proposals/{proposalId}/advice', { who: 'viewer', params: { proposalId: 'global:9999' } });
    await r.call('get', '/v1/proposals/{proposalId}/advice', { params: { proposalId: id } });
    // (v3) The briefing, as a PDF and as a workbook.
    for (const briefing of ['/v1/proposals/{proposalId}/briefing.pdf', '/v1/proposals/{proposalId}/briefing.xlsx']) {
      expect((await r.call('get', briefing, { who: 'viewer', params: { proposalId: id } })).status).toBe(200);
      await r.call('get', briefing, { who: 'viewer', params: { proposalId: 'global:9999' } });
      await r.call('get', briefing, { params: { proposalId: id } });
    }

    // Missions.
    await r.call('get', '/v1/missions', { who: 'viewer' });
    await r.call('get', '/v1/missions', {});
    await r.call('get', '/v1/missions/{missionId}/posture', { who: 'viewer', params: { missionId: 'OAD' } });
    await r.call('get', '/v1/missions/{missionId}/posture', { who: 'viewer', params: { missionId: 'NOWHERE' } });
    await r.call('get', '/v1/missions/{missionId}/posture', { who: 'unknown', params: { missionId: 'OAD' } });

    // (v3, an addition) The places the engine measures between.
    const places = await r.call('get', '/v1/places', { who: 'viewer' });
    expect((places.body as { missions: { missionId: string }[] }).missions.map((m) => m.missionId)).toEqual(['OAD', 'OAR']);
    await r.call('get', '/v1/places', { who: 'unknown' });

    // What-if.
    await r.call('post', '/v1/what-if', { who: 'planner', body: { events: [] } });
    await r.call('post', '/v1/what-if', { who: 'planner', body: { events: 'none' } });
    await r.call('post', '/v1/what-if', { who: 'viewer', body: { events: [] } });
    await r.call('post', '/v1/what-if', { body: { events: [] } });
    await r.call('post', '/v1/what-if', { who: 'planner', body: JSON.stringify({ events: [], padding: 'x'.repeat(300_000) }) });

    // Decisions: a planner may not, a wrong body, an unknown proposal, then the approval and its repeat.
    const decisionPath = '/v1/proposals/{proposalId}/decisions';
    await r.call('post', decisionPath, { who: 'planner', params: { proposalId: id }, body: { decision: 'approved', loanIds: [heli] } });
    await r.call('post', decisionPath, { who: 'approver', params: { proposalId: id }, body: { decision: 'maybe', loanIds: [] } });
    await r.call('post', decisionPath, { who: 'approver', params: { proposalId: 'global:9999' }, body: { decision: 'approved', loanIds: [heli] } });
    await r.call('post', decisionPath, { params: { proposalId: id }, body: { decision: 'approved', loanIds: [heli] } });
    const approved = await r.call('post', decisionPath, { who: 'approver', params: { proposalId: id }, body: { decision: 'approved', loanIds: [heli, infantry], reason: 'conformance' } });
    expect(approved.status).toBe(202);
    await r.call('post', decisionPath, { who: 'approver', params: { proposalId: id }, body: { decision: 'approved', loanIds: [heli] } });

    // Loans: once the allocator published them, a return and a recall, and their refusals.
    await eventually(async () => {
      const res = await fetch(`${api.url}/v1/loans`, { headers: { authorization: `Bearer e2e-viewer-token` } });
      const loans = (await res.json()) as { loanId: string }[];
      return [heli, infantry].every((l) => loans.some((x) => x.loanId === l)) ? true : undefined;
    }, 30_000, 'the approved loans on the read model');
    await r.call('post', '/v1/loans/{loanId}/return', { who: 'viewer', params: { loanId: heli }, body: { returnedAt: '2011-03-01T00:00:00Z' } });
    await r.call('post', '/v1/loans/{loanId}/return', { who: 'planner', params: { loanId: heli }, body: { returnedAt: 'yesterday' } });
    await r.call('post', '/v1/loans/{loanId}/return', { who: 'planner', params: { loanId: 'loan-nobody-approved' }, body: { returnedAt: '2011-03-01T00:00:00Z' } });
    expect((await r.call('post', '/v1/loans/{loanId}/return', { who: 'planner', params: { loanId: heli }, body: { returnedAt: '2011-03-01T00:00:00Z' } })).status).toBe(202);
    await r.call('post', '/v1/loans/{loanId}/return', { who: 'planner', params: { loanId: heli }, body: { returnedAt: '2011-03-02T00:00:00Z' } });
    await r.call('post', '/v1/loans/{loanId}/return', { params: { loanId: heli }, body: { returnedAt: '2011-03-02T00:00:00Z' } });
    // (v3) Extensions: the crisis now runs to 31 May, so the infantry loan may stay to 14 June (its
    // natural end); a planner may not, a wrong body, an unknown loan, a returned one, then one applied.
    const longer = [
      { capability: 'utility-helicopter' as const, quantity: 1, priority: 8 },
      { capability: 'infantry-company' as const, quantity: 1, priority: 6 },
      { capability: 'attack-helicopter' as const, quantity: 1, priority: 5 },
    ];
    await produce(TOPICS.crises, [msg('oa-crisis', crisis('imc.crisis.updated', 'oa-crisis', 'OAR', '2011-01-03T00:00:00Z', { start: '2011-01-20T00:00:00Z', end: '2011-05-31T00:00:00Z' }, longer, 2))], broker.kafka);
    const extend = '/v1/loans/{loanId}/extend';
    const longerStay = { returnBy: '2011-06-01T00:00:00Z', reason: 'the crisis runs to the end of May' };
    await r.call('post', extend, { who: 'planner', params: { loanId: infantry }, body: longerStay });
    await r.call('post', extend, { who: 'approver', params: { loanId: infantry }, body: { returnBy: 'June' } });
    await r.call('post', extend, { who: 'approver', params: { loanId: 'loan-nobody-approved' }, body: longerStay });
    await r.call('post', extend, { who: 'approver', params: { loanId: heli }, body: longerStay });
    await r.call('post', extend, { params: { loanId: infantry }, body: longerStay });
    await eventually(async () => {
      const res = await r.call('post', extend, { who: 'approver', params: { loanId: infantry }, body: longerStay });
      if (res.status !== 202) r.answers.pop(); // only the success counts: the read model had not the longer window yet
      return res.status === 202 ? true : undefined;
    }, 30_000, 'the extension within the longer window');
    const recall = '/v1/loans/{loanId}/recall';
    await r.call('post', recall, { who: 'planner', params: { loanId: infantry }, body: { recalledAt: '2011-02-10T00:00:00Z', reason: 'needed at home' } });
    await r.call('post', recall, { who: 'approver', params: { loanId: infantry }, body: { recalledAt: '2011-02-10T00:00:00Z' } });
    await r.call('post', recall, { who: 'approver', params: { loanId: 'loan-nobody-approved' }, body: { recalledAt: '2011-02-10T00:00:00Z', reason: 'needed at home' } });
    expect((await r.call('post', recall, { who: 'approver', params: { loanId: infantry }, body: { recalledAt: '2011-02-10T00:00:00Z', reason: 'needed at home' } })).status).toBe(202);
    await r.call('post', recall, { who: 'approver', params: { loanId: heli }, body: { recalledAt: '2011-03-05T00:00:00Z', reason: 'already home' } });
    await r.call('post', recall, { who: 'unknown', params: { loanId: infantry }, body: { recalledAt: '2011-02-10T00:00:00Z', reason: 'x' } });
    await eventually(async () => {
      const res = await fetch(`${api.url}/v1/loans?status=recalled`, { headers: { authorization: `Bearer e2e-viewer-token` } });
      return ((await res.json()) as unknown[]).length === 1 ? true : undefined;
    }, 30_000, 'the recall on the read model');
    await r.call('get', '/v1/loans', { who: 'viewer' });
    await r.call('get', '/v1/loans', { who: 'viewer', query: { status: 'recalled' } });
    await r.call('get', '/v1/loans', { who: 'viewer', query: { status: 'lost' } });
    await r.call('get', '/v1/loans', {});

    // Every proposal so far (the approval and the return made the allocator plan again).
    await r.call('get', '/v1/proposals', { who: 'viewer', query: { status: 'superseded', scope: 'global' } });
    await r.call('get', '/v1/proposals', { who: 'viewer' });
    await r.call('get', '/v1/proposals', { who: 'viewer', query: { status: 'maybe' } });
    await r.call('get', '/v1/proposals', {});

    // Stress tests: a small one to its report, a large one refused while it runs, then cancelled.
    const stress = '/v1/stress-tests';
    await r.call('post', stress, { who: 'viewer', body: { samples: 3, seed: 7 } });
    await r.call('post', stress, { who: 'planner', body: { samples: 0, seed: 7 } });
    await r.call('post', stress, { body: { samples: 3, seed: 7 } });
    const small = await r.call('post', stress, { who: 'planner', body: { samples: 3, seed: 7, horizonDays: 60 } });
    expect(small.status).toBe(202);
    const smallId = (small.body as { jobId: string }).jobId;
    await eventually(async () => {
      const res = await fetch(`${api.url}${stress}/${smallId}`, { headers: { authorization: `Bearer e2e-viewer-token` } });
      return ((await res.json()) as { status: string }).status === 'done' ? true : undefined;
    }, 60_000, 'the small stress test to finish');
    await r.call('get', '/v1/stress-tests/{jobId}', { who: 'viewer', params: { jobId: smallId } });
    await r.call('get', '/v1/stress-tests/{jobId}', { who: 'viewer', params: { jobId: 'no-such-job' } });
    await r.call('get', '/v1/stress-tests/{jobId}', { params: { jobId: smallId } });
    await r.call('delete', '/v1/stress-tests/{jobId}', { who: 'planner', params: { jobId: smallId } });
    const large = await r.call('post', stress, { who: 'planner', body: { samples: 5000, seed: 8 } });
    expect(large.status).toBe(202);
    const largeId = (large.body as { jobId: string }).jobId;
    await r.call('post', stress, { who: 'planner', body: { samples: 3, seed: 9 } });
    await r.call('get', '/v1/stress-tests/{jobId}', { who: 'viewer', params: { jobId: largeId } });
    await r.call('delete', '/v1/stress-tests/{jobId}', { who: 'viewer', params: { jobId: largeId } });
    await r.call('delete', '/v1/stress-tests/{jobId}', { who: 'planner', params: { jobId: largeId } });
    await r.call('delete', '/v1/stress-tests/{jobId}', { who: 'planner', params: { jobId: 'no-such-job' } });
    await r.call('delete', '/v1/stress-tests/{jobId}', { params: { jobId: largeId } });

    // The live stream: its first event, and a refusal.
    await r.call('get', '/v1/stream', { who: 'viewer', readUntil: '\n\n' });
    await r.call('get', '/v1/stream', {});

    // Every operation of the document answered at least once with a success, and every one that
    // needs a token with an error too; no operation answered that the document does not have.
    const answered = (op: string, ok: boolean): boolean => r.answers.some((a) => `${a.method.toUpperCase()} ${a.template}` === op && (a.status < 300) === ok);
    const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, open: Array.isArray(op?.security) && op.security.length === 0 })));
    expect(operations.filter((op) => !answered(op.name, true)).map((op) => op.name)).toEqual([]);
    expect(operations.filter((op) => !op.open && !answered(op.name, false)).map((op) => op.name)).toEqual([]);
    expect(r.answers.filter((a) => !document.paths[a.template]?.[a.method]).map((a) => `${a.method.toUpperCase()} ${a.template}`)).toEqual([]);
    // Every status answered is declared, with the media type it came in.
    const undeclared = r.answers
      .filter((a) => !document.paths[a.template]?.[a.method]?.responses[String(a.status)]?.content?.[a.contentType])
      .map((a) => `${a.method.toUpperCase()} ${a.template} ${a.status} ${a.contentType}: ${JSON.stringify(a.body).slice(0, 200)}`);
    expect(undeclared).toEqual([]);
  });

  it('types every recorded answer and request with the types openapi-typescript generates from the document', async () => {
    const answers = recorded.answers;
    expect(answers.length).toBeGreaterThan(50);
    // The command line, as a client's build would run it (the package is ESM inside; jest is not).
    writeFileSync(join(work, 'openapi.json'), JSON.stringify(document));
    await run(join(ROOT, 'node_modules', '.bin', 'openapi-typescript'), [join(work, 'openapi.json'), '--output', join(work, 'schema.ts')]);
    writeFileSync(join(work, 'answers.ts'), answersModule(answers));
    const program = ts.createProgram([join(work, 'answers.ts')], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      types: [],
    });
    const source = program.getSourceFile(join(work, 'answers.ts'))!.text.split('\n');
    const which = (line: number): string => {
      for (let i = line; i >= 0; i--) {
        const m = /^\/\/ #(\d+)$/.exec(source[i]);
        if (m) {
          const a = answers[Number(m[1])];
          return `${a.method.toUpperCase()} ${a.template} ${a.status}`;
        }
      }
      return 'schema';
    };
    const errors = ts.getPreEmitDiagnostics(program).map((d) => {
      const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
      return `${d.file && d.file.fileName.endsWith('answers.ts') ? which(line) : (d.file?.fileName ?? '')}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ').slice(0, 400)}`;
    });
    expect(errors).toEqual([]);
  }, 60_000);

  it('passes Redocly\'s recommended lint without an error', async () => {
    writeFileSync(join(work, 'openapi.json'), JSON.stringify(document));
    writeFileSync(join(work, 'redocly.yaml'), 'extends:\n  - recommended\n');
    const cli = join(ROOT, 'node_modules', '.bin', 'redocly');
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
    const out = await run(cli, ['lint', '--config', join(work, 'redocly.yaml'), '--format', 'json', join(work, 'openapi.json')], { env, maxBuffer: 1 << 24 }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
    );
    const report = JSON.parse(out.stdout) as { problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[] };
    expect(report.problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
  }, 60_000);

  describe('operations files (deploy/)', () => {
    const scrape = async (): Promise<{ allocator: string; api: string }> => ({
      allocator: await (await fetch(`${allocator.url}/metrics`)).text(),
      api: await (await fetch(`${api.url}/metrics`)).text(),
    });

    it('the alert rules pass promtool check rules and their unit tests', async () => {
      const checked = await promtool(['check', 'rules', RULES]);
      expect([checked.code, checked.out]).toEqual([0, expect.stringContaining('SUCCESS')]);
      const tested = await promtool(['test', 'rules', RULES_TEST]);
      expect([tested.code, tested.out]).toEqual([0, expect.stringContaining('SUCCESS')]);
    });

    it('every query of the dashboard parses (as a recording rule, through promtool)', async () => {
      const expressions = dashboardExpressions();
      expect(expressions.length).toBeGreaterThan(20);
      const rules = ['groups:', '  - name: dashboard', '    rules:', ...expressions.flatMap((e, i) => [`      - record: dashboard:query${i}`, `        expr: ${JSON.stringify(e)}`])].join('\n');
      writeFileSync(join(work, 'dashboard.rules.yml'), `${rules}\n`);
      const checked = await promtool(['check', 'rules', join(work, 'dashboard.rules.yml')]);
      expect([checked.code, checked.out]).toEqual([0, expect.stringContaining(`SUCCESS: ${expressions.length} rules found`)]);
    });

    it('both services\' /metrics pass promtool check metrics (no gauge named like a counter)', async () => {
      const { allocator: a, api: p } = await scrape();
      for (const [name, text] of [['allocator', a], ['planner-api', p]] as const) {
        const linted = await promtool(['check', 'metrics'], text);
        expect([name, linted.code, linted.out.trim()]).toEqual([name, 0, '']);
      }
    });

    it('every metric the rules and the dashboard name is exported by the allocator or the planner-api', async () => {
      const { allocator: a, api: p } = await scrape();
      const families = new Map<string, string>();
      for (const text of [a, p]) for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) families.set(m[1], m[2]);
      const exported = (name: string): boolean => {
        if (families.has(name)) return true;
        const histogram = /^(.*)_(bucket|sum|count)$/.exec(name);
        return !!histogram && families.get(histogram[1]) === 'histogram';
      };
      const named = (expressions: string[]): string[] => [...new Set(expressions.flatMap((e) => e.match(/\bimc_[a-z0-9_]+/g) ?? []))].sort();
      const fromRules = named(ruleExpressions());
      const fromDashboard = named(dashboardExpressions());
      expect(fromRules.length).toBeGreaterThan(10);
      expect(fromDashboard.length).toBeGreaterThan(20);
      expect({ rules: fromRules.filter((n) => !exported(n)), dashboard: fromDashboard.filter((n) => !exported(n)) }).toEqual({ rules: [], dashboard: [] });
      // Every alert of the rules file is on a metric of ours (no other source is assumed).
      expect(ruleExpressions().filter((e) => !/\bimc_/.test(e))).toEqual([]);
    });
  });
});
