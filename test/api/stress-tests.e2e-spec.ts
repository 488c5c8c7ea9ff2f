import { TOPICS } from '@imc/contracts';
import { produce } from '../support/kafka-client';
import { eventually, ServiceHandle, startService } from '../support/services';
import { call, TOKEN_ENV } from './support/api-client';
import { PrivateBroker, startPrivateBroker } from './support/private-broker';
import { consents, event, mission, msg, unit } from './support/world-events';

interface Job {
  jobId: string;
  status: 'running' | 'done' | 'failed';
  progress: { done: number; total: number };
  report?: {
    samples: number;
    seed: number;
    baseline: { todayShortfall: number; expectedShortfall: number };
    missions: { missionId: string; expectedShortfall: number; todayShortfall: number }[];
    consents: { item: string; items?: string[]; expectedShortfallIfGrantedNow: number }[];
  };
  error?: string;
}
interface ErrorBody {
  errors?: { field: string; messages: string[] }[];
}

/**
 * Stress tests through the planner API on a real broker (no allocator: the API plans on its own
 * read model's world): roles, bad input answered 400 field by field, one job at a time (429 with
 * Retry-After), cancellation, and a small run to its report, the same twice for the same seed.
 */
const T0 = '2012-01-01T00:00:00Z';

describe('stress tests through the planner API', () => {
  // Workers load the engine on first use, and a cancelled job's workers are replaced: minutes on a busy machine.
  jest.setTimeout(600_000);
  let broker: PrivateBroker;
  let api: ServiceHandle;
  const job = async (jobId: string) => (await call<Job>(api.url, 'GET', `/v1/stress-tests/${jobId}`, 'viewer')).body;
  const finished = (jobId: string) =>
    eventually(
      async () => {
        const j = await job(jobId);
        return j.status === 'running' ? undefined : j;
      },
      240_000,
      `stress test ${jobId} to finish`,
    );

  beforeAll(async () => {
    broker = await startPrivateBroker();
    // Generous: the machine running the suite may be busy, and nothing here depends on a fast start.
    api = await startService('planner-api', { KAFKA_BROKERS: broker.brokers, IMC_INSTANCE: 'e2e-stress', IMC_API_TOKENS: TOKEN_ENV }, 180_000);
    const hq = { STA: { lat: 6.32, lon: -10.81 }, STB: { lat: 5.35, lon: -4.0 }, STC: { lat: 8.48, lon: -13.23 } };
    await produce(TOPICS.missions, (['STA', 'STB', 'STC'] as const).map((m, i) => msg(m, mission(m, ['LBR', 'CIV', 'SLE'][i], hq[m], T0))), broker.kafka);
    await produce(
      TOPICS.units,
      (['STA', 'STB', 'STC'] as const).flatMap((m) => [1, 2, 3, 4].flatMap((i) => [msg(`${m}-inf-${i}`, unit(`${m}-inf-${i}`, m, 'infantry-company', T0)), msg(`${m}-heli-${i}`, unit(`${m}-heli-${i}`, m, 'utility-helicopter', T0))])),
      broker.kafka,
    );
    const records = [...consents('STA', 'STB', 'UKR', 'CIV', T0), ...consents('STB', 'STA', 'UKR', 'LBR', T0), ...consents('STC', 'STA', 'UKR', 'LBR', T0)];
    // STA -> STC waits on its contributor: a candidate for the pre-clearance list.
    records.push(event('imc.consent.recorded', T0, { consentId: 'sta-stc-ukr', kind: 'contributor', party: 'UKR', fromMission: 'STA', toMission: 'STC', capabilities: ['*'], status: 'pending', expectedInDays: 60, version: 1 }));
    await produce(TOPICS.consents, records.map((c) => msg(String(c.data.consentId), c)), broker.kafka);
    await eventually(async () => {
      const res = await call<{ missionId: string }[]>(api.url, 'GET', '/v1/missions', 'viewer');
      return res.status === 200 && res.body.length === 3 ? true : undefined;
    }, 60_000, 'the API to read the world');
  }, 300_000);

  afterAll(async () => {
    await api?.stop();
    await broker?.dispose();
  });

  it('lets a planner start one, not a viewer, and refuses bad input field by field', async () => {
    expect((await call(api.url, 'POST', '/v1/stress-tests', 'viewer', { samples: 10, seed: 1 })).status).toBe(403);
    expect((await call(api.url, 'POST', '/v1/stress-tests', 'none', { samples: 10, seed: 1 })).status).toBe(401);
    const bad = async (body: unknown) => {
      const res = await call<ErrorBody>(api.url, 'POST', '/v1/stress-tests', 'planner', body);
      expect(res.status).toBe(400);
      return (res.body.errors ?? []).map((e) => e.field);
    };
    expect(await bad({ samples: 0, seed: 1 })).toEqual(['samples']);
    expect(await bad({ samples: 10_000_000, seed: 1 })).toEqual(['samples']);
    expect(await bad({ samples: 10, seed: -1, horizonDays: 0 })).toEqual(['seed', 'horizonDays']);
    expect(await bad({ samples: 10, seed: 1, model: { crisesPer90Days: 99, kinds: [{ kind: 'war', weight: 1, scheduled: false, requirements: [] }] } })).toEqual([
      'model.crisesPer90Days',
      'model.kinds[0].kind',
      'model.kinds[0].requirements',
    ]);
    expect(await bad({ samples: 10, seed: 1, model: { missions: ['NOWHERE'] } })).toEqual(['model.missions']);
    expect(await bad({ samples: 10, seed: 1, colour: 'red' })).toEqual(['colour']);
    expect((await call(api.url, 'GET', '/v1/stress-tests/stress-unknown', 'viewer')).status).toBe(404);
  });

  it('runs one job per identity and two per process (429 with Retry-After, naming the cap), and cancels one', async () => {
    const big = await call<{ jobId: string }>(api.url, 'POST', '/v1/stress-tests', 'planner', { samples: 100_000, seed: 3 });
    expect(big.status).toBe(202);
    const second = await call<{ message: string }>(api.url, 'POST', '/v1/stress-tests', 'planner', { samples: 5, seed: 3 });
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(second.body.message).toMatch(/^planner:[0-9a-f]{8} has stress test .* the most one identity may run at once \(1\)/);
    // One planner's job does not make everyone else's a 429 (issue 26 item 4): another identity's runs.
    const other = await call<{ jobId: string }>(api.url, 'POST', '/v1/stress-tests', 'approver', { samples: 100_000, seed: 4 });
    expect(other.status).toBe(202);
    const third = await call<{ message: string }>(api.url, 'POST', '/v1/stress-tests', 'secondApprover', { samples: 5, seed: 3 });
    expect(third.status).toBe(429);
    expect(third.body.message).toMatch(/2 stress tests are running in this API process .* the most it runs at once \(2, at most 1 per identity\)/);
    expect((await call(api.url, 'DELETE', `/v1/stress-tests/${other.body.jobId}`, 'approver')).status).toBe(200);
    expect((await job(big.body.jobId)).status).toBe('running');
    // The work is on worker threads: the API keeps answering while it runs.
    expect((await call(api.url, 'GET', '/health/ready', 'none')).status).toBe(200);

    expect((await call(api.url, 'DELETE', `/v1/stress-tests/${big.body.jobId}`, 'viewer')).status).toBe(403);
    const cancelled = await call<Job>(api.url, 'DELETE', `/v1/stress-tests/${big.body.jobId}`, 'planner');
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'failed', error: expect.stringMatching(/^cancelled by planner:/) });
    expect((await finished(big.body.jobId)).status).toBe('failed');
    expect((await call(api.url, 'DELETE', `/v1/stress-tests/${big.body.jobId}`, 'planner')).status).toBe(409);
  });

  it('runs a small stress test to its report, the same report for the same seed', async () => {
    const reports = [];
    for (let i = 0; i < 2; i++) {
      const started = await call<{ jobId: string }>(api.url, 'POST', '/v1/stress-tests', 'planner', { samples: 12, seed: 42, horizonDays: 60 });
      expect(started.status).toBe(202);
      const done = await finished(started.body.jobId);
      expect(done.status).toBe('done');
      expect(done.progress.done).toBe(done.progress.total);
      expect(done.report).toMatchObject({ samples: 12, seed: 42, horizonDays: 60, asOf: '2012-01-01T00:00:00.000Z' });
      expect(done.report?.missions.map((m) => m.missionId).sort()).toEqual(['STA', 'STB', 'STC']);
      // (v3) The baseline: nothing is short before a sampled crisis (no demand is open today), and
      // the expected shortfall is the missions' sum; every bundle listed lowers it.
      const report = done.report;
      expect(report?.baseline.todayShortfall).toBe(0);
      expect(report?.missions.map((m) => m.todayShortfall)).toEqual([0, 0, 0]);
      expect(report?.baseline.expectedShortfall).toBeCloseTo(report?.missions.reduce((sum, m) => sum + m.expectedShortfall, 0) ?? NaN, 6);
      for (const c of report?.consents ?? []) {
        expect(c.expectedShortfallIfGrantedNow).toBeLessThan(report?.baseline.expectedShortfall ?? 0);
        expect(c.items?.join(' + ')).toBe(c.item);
      }
      reports.push(done.report);
    }
    expect(reports[1]).toEqual(reports[0]);
  });
});
