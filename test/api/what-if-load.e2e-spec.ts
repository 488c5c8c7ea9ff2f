import { TOPICS } from '@imc/contracts';
import { produce } from '../support/kafka-client';
import { eventually, ServiceHandle, startService } from '../support/services';
import { call, TOKEN_ENV, TOKENS } from './support/api-client';
import { PrivateBroker, startPrivateBroker } from './support/private-broker';
import { consents, crisis, event, fakeProposal, mission, msg, proposedEnvelope, unit } from './support/world-events';

const T0 = '2011-01-01T00:00:00Z';

/** `n` clock ticks a day apart after T0: each moment is planned, as a replay would. */
function ticks(n: number): unknown[] {
  return Array.from({ length: n }, (_, i) => event('imc.clock.ticked', new Date(Date.parse(T0) + (i + 1) * 86_400_000).toISOString(), {}, `load-tick-${i}`));
}

/**
 * Issue 26 item 4: twenty concurrent what-ifs of 1,000 ticks held every read and the health check
 * for 34 s, as they planned on the API's event loop. They plan on worker threads now, a few at a
 * time with a queue (429 with Retry-After beyond it), and reads and health answer meanwhile.
 */
describe('what-ifs under load', () => {
  let broker: PrivateBroker;
  let api: ServiceHandle;

  beforeAll(async () => {
    broker = await startPrivateBroker();
    api = await startService('planner-api', { KAFKA_BROKERS: broker.brokers, IMC_INSTANCE: 'e2e-load', IMC_API_TOKENS: TOKEN_ENV });
    await produce(TOPICS.missions, [msg('LOADD', mission('LOADD', 'LBR', { lat: 6.32, lon: -10.81 }, T0)), msg('LOADR', mission('LOADR', 'CIV', { lat: 5.35, lon: -4.0 }, T0))], broker.kafka);
    await produce(TOPICS.units, [1, 2, 3, 4, 5, 6].map((i) => msg(`load-heli-${i}`, unit(`load-heli-${i}`, 'LOADD', 'utility-helicopter', T0))), broker.kafka);
    await produce(TOPICS.consents, consents('LOADD', 'LOADR', 'UKR', 'CIV', T0).map((c) => msg(String(c.data.consentId), c)), broker.kafka);
    await produce(TOPICS.crises, [msg('load-crisis', crisis('imc.crisis.declared', 'load-crisis', 'LOADR', T0, { start: '2011-01-15T00:00:00Z', end: '2013-12-31T00:00:00Z' }, [{ capability: 'utility-helicopter', quantity: 2, priority: 8 }]))], broker.kafka);
    await produce(TOPICS.proposals, [msg('global', proposedEnvelope(fakeProposal(1, [], T0)))], broker.kafka);
    await eventually(async () => ((await call(api.url, 'GET', '/v1/proposals/current', 'viewer')).status === 200 ? true : undefined), 30_000, 'the read model');
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    await broker?.dispose();
  });

  it('answers reads and health while twenty what-ifs of 1,000 ticks run (p99 printed; 200 ms is the target on a quiet machine), and refuses the excess with 429', async () => {
    const body = JSON.stringify({ events: ticks(1000) });
    expect(body.length).toBeGreaterThan(100_000);
    const latencies: number[] = [];
    let load = true;
    const probe = async (): Promise<void> => {
      while (load) {
        for (const path of ['/health/ready', '/v1/proposals/current']) {
          const started = performance.now();
          const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${TOKENS.viewer}` } });
          const text = await res.text();
          latencies.push(performance.now() - started);
          if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${text}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const probing = probe();
    const answers = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const res = await fetch(`${api.url}/v1/what-if`, { method: 'POST', headers: { authorization: `Bearer ${TOKENS.planner}`, 'content-type': 'application/json' }, body });
        return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { message?: string; whatIf?: { events: number } } };
      }),
    );
    load = false;
    await probing;

    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    expect(ok.length + refused.length).toBe(20);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(ok.every((a) => a.body.whatIf?.events === 1000)).toBe(true);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const r of refused) {
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(r.body.message).toMatch(/^too many what-ifs: \d+ planning and \d+ waiting/);
    }
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))];
    process.stderr.write(`[what-if load] ${ok.length} planned, ${refused.length} refused; ${latencies.length} reads, p50 ${latencies[Math.floor(latencies.length / 2)].toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms\n`);
    expect(latencies.length).toBeGreaterThan(20);
    // The target is 200 ms on a quiet machine (80 to 194 ms measured); the assertion allows a CI
    // machine under load, and still fails where what-ifs hold the event loop (seconds: before
    // what-ifs ran on worker threads, /health/ready timed out and answered 503).
    expect(p99).toBeLessThan(1000);
  }, 300_000);
});
