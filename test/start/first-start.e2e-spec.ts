import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INPUT_TOPICS, Proposal } from '@imc/contracts';
import { demoEventIds } from '../../scripts/support/demo-world';
import { allocatorStatus, client, embeddedFinal, proposalFingerprint, publishedProposals, SCENARIOS, settled } from '../support/allocator-harness';
import { eventually, freePort, ServiceHandle } from '../support/services';
import { errorLines, runStart, StartRun, stopAllStarts } from '../support/start-process';

/**
 * `npm start` as a newcomer runs it, on a data directory of its own: the first start is stopped
 * (Ctrl-C) half-way through the demo load, the second finishes it, the third finds it complete.
 */
const DEMO = join(SCENARIOS, 'demo-2010-2012.jsonl');
const TOKEN = 'e2e-first-start';
const READY = /\[start\] Ctrl-C stops everything/;

describe('npm start: an interrupted first start, then two more', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'imc-e2e-start-'));
  const kafkaPort = 29000 + Math.floor(Math.random() * 450) * 2;
  const brokers = `127.0.0.1:${kafkaPort}`;
  const apiPort = freePort();
  const env = { IMC_DATA_DIR: dataDir, IMC_KAFKA_PORT: String(kafkaPort), PORT: String(apiPort), ALLOCATOR_PORT: String(freePort()), IMC_API_TOKENS: `${TOKEN}:approver` };
  const demoIds = demoEventIds(readFileSync(DEMO, 'utf8'));
  let expected: Proposal;
  let afterResume: { proposal: Proposal; inputEnds: string; published: number } | undefined;
  const started = Date.now();

  beforeAll(async () => {
    expected = await embeddedFinal(DEMO);
  });

  afterAll(async () => {
    await stopAllStarts();
    rmSync(dataDir, { recursive: true, force: true });
    process.stderr.write(`[first-start] three starts in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  });

  async function current(): Promise<{ proposalId: string; version: number }> {
    const res = await fetch(`http://127.0.0.1:${apiPort}/v1/proposals/current`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    if (res.status !== 200) throw new Error(`GET /v1/proposals/current: ${res.status}`);
    return (await res.json()) as { proposalId: string; version: number };
  }

  /** The input topics' end offsets: what a reload would move. */
  async function inputEnds(): Promise<string> {
    const admin = client(brokers).admin();
    await admin.connect();
    try {
      const out: string[] = [];
      for (const topic of INPUT_TOPICS) for (const p of await admin.fetchTopicOffsets(topic)) out.push(`${topic}:${p.partition}=${p.high}`);
      return out.join(' ');
    } finally {
      await admin.disconnect();
    }
  }

  /** The newest proposal on imc.proposals, once it equals the plan command's and is also what the API serves. */
  async function settledOnExpected(): Promise<{ proposal: Proposal; published: number }> {
    return eventually(
      async () => {
        const published = await publishedProposals(brokers);
        const last = published[published.length - 1];
        if (!last || last.asOf !== expected.asOf || proposalFingerprint(last) !== proposalFingerprint(expected)) return undefined;
        if ((await current()).proposalId !== last.proposalId) return undefined;
        return { proposal: last, published: published.length };
      },
      60_000,
      'the current proposal to equal `plan` on the demo file',
    );
  }

  it('first start: loads the demo, and is stopped after the first proposal', async () => {
    const first = runStart(env);
    try {
      await first.waitFor(/the topics hold no world yet: loading the demo world/, 180_000);
      // The allocator's log line (its message is JSON inside the JSON line, so no quotes here).
      await first.waitFor(/proposal published/, 120_000);
    } catch (error) {
      await first.interrupt();
      throw error;
    }
    const beforeStop = first.output();
    expect(await first.interrupt()).toBe(0);
    expect(first.output()).toContain('[start] stopped');
    // Stopped during the load, or this spec tests nothing.
    expect(first.output()).not.toContain('demo world loaded');
    expect(errorLines(beforeStop)).toEqual([]);
  }, 300_000);

  it('second start: resumes the demo load, and ends on the proposal `plan` gives for the demo file', async () => {
    const second = runStart(env);
    let output = '';
    let code: number | null = null;
    try {
      const resumed = await second.waitFor(/resuming the demo world \((\d+) of (\d+) events on the topics\)/, 180_000);
      const present = Number(resumed[1]);
      expect(Number(resumed[2])).toBe(demoIds.length);
      expect(present).toBeGreaterThan(0);
      expect(present).toBeLessThan(demoIds.length);
      const loaded = await second.waitFor(/demo world loaded: (\d+) events sent/, 120_000);
      expect(Number(loaded[1])).toBe(demoIds.length - present);
      await second.waitFor(READY, 30_000);
      const settled = await settledOnExpected();
      afterResume = { ...settled, inputEnds: await inputEnds() };
    } finally {
      output = second.output();
      code = await second.interrupt();
    }
    expect(code).toBe(0);
    expect(errorLines(output)).toEqual([]);
  }, 300_000);

  it('third start: finds the demo complete, neither reloads nor changes the proposal, and prints no error line', async () => {
    expect(afterResume).toBeDefined();
    const third = runStart(env);
    let output = '';
    let code: number | null = null;
    try {
      await third.waitFor(READY, 180_000);
      output = third.output();
      expect(output).toContain(`[start] demo world complete (asOf ${expected.asOf})`);
      expect(output).not.toMatch(/loading the demo world|resuming the demo world|demo world loaded/);
      expect(await inputEnds()).toBe(afterResume?.inputEnds);
      // Not a sleep: the third start's allocator has read every input to its end (its group's lag
      // 0), has nothing planned, pending or in flight, three times in a row, and holds the world
      // the demo ends on; a re-plan it were to publish would be on the topic by then.
      const allocator = { url: `http://127.0.0.1:${env.ALLOCATOR_PORT}` } as ServiceHandle;
      await settled(allocator, brokers, 'imc', 120_000);
      expect(await allocatorStatus(allocator)).toMatchObject({ asOf: expected.asOf, proposal: { proposalId: afterResume?.proposal.proposalId } });
      const published = await publishedProposals(brokers);
      expect(published).toHaveLength(afterResume?.published ?? -1);
      expect(await current()).toMatchObject({ proposalId: afterResume?.proposal.proposalId, version: afterResume?.proposal.version });
    } finally {
      output = third.output();
      code = await third.interrupt();
    }
    expect(code).toBe(0);
    // A clean start on an existing data directory: an error line would be a false alarm.
    expect(errorLines(output)).toEqual([]);
  }, 300_000);
});
