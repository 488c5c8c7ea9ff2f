import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPICS } from '@imc/contracts';
import { client, embeddedProposals, privateBroker, proposalFingerprint, publishedProposals, settled } from '../support/allocator-harness';
import { eventually, freePort, ServiceHandle, startService } from '../support/services';
import { consents, crisis, Envelope, event, mission, unit } from '../api/support/world-events';

const T0 = '2011-01-01T00:00:00Z';
const T1 = '2011-01-02T00:00:00Z';
const T2 = '2011-01-03T00:00:00Z';
const T3 = '2011-01-04T00:00:00Z';
const WINDOW = { start: '2011-01-20T00:00:00Z', end: '2011-03-01T00:00:00Z' };
const NEED = [{ capability: 'utility-helicopter' as const, quantity: 1, priority: 8 }];

/**
 * Issue 26, item 1, first bullet, on a broker of its own: a partition held back while its records
 * are on the broker. With the allocator stopped (SIGSTOP) for a moment, imc.crises/0 gets well over
 * a fetch's 1 MB per partition of records of a moment already planned (the same crisis record again,
 * ignored as a duplicate), then a crisis at T2; imc.clock gets a tick at T3. The first fetch after
 * the pause brings the tick but not the crisis behind the backlog: taken in that order, the crisis
 * would be late and planned at T3. Waiting for imc.crises (behind its end offset), the published
 * history is `plan --all`'s for the same records, version by version (asOf and fingerprint).
 */
describe('event time across input partitions (a partition held back)', () => {
  it('publishes the history plan --all gives when one partition lags behind the others', async () => {
    const broker = await privateBroker();
    const brokers = broker.kafka.brokers;
    const kafka = client(brokers);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const scenario: Envelope[] = [];
    const send = async (topic: string, key: string, events: Envelope[]): Promise<void> => {
      await producer.send({ topic, acks: -1, messages: events.map((e) => ({ key, partition: 0, value: JSON.stringify(e) })) });
      scenario.push(...events);
    };
    const dir = mkdtempSync(join(tmpdir(), 'imc-evtime-'));
    // A debounce longer than each phase's producing: every moment is planned whole, as `plan` does.
    const env = { KAFKA_BROKERS: brokers, IMC_INSTANCE: 'evtime', IMC_DEBOUNCE_MS: '1500', IMC_LEASE_TIMEOUT_MS: '15000', IMC_INPUT_IDLE_MS: process.env.EVTIME_IDLE_MS ?? '20000' };
    const allocator: ServiceHandle = await startService('allocator', { ...env, ALLOCATOR_PORT: String(freePort()) });
    try {
      await send(TOPICS.missions, 'EVD', [mission('EVD', 'LBR', { lat: 6.32, lon: -10.81 }, T0)]);
      await send(TOPICS.missions, 'EVR', [mission('EVR', 'CIV', { lat: 5.35, lon: -4.0 }, T0)]);
      await send(TOPICS.units, 'ev-heli', [1, 2, 3, 4, 5, 6, 7, 8].map((i) => unit(`ev-heli-${i}`, 'EVD', 'utility-helicopter', T0)));
      await send(TOPICS.consents, 'ev', consents('EVD', 'EVR', 'UKR', 'CIV', T0));
      await settled(allocator, brokers, 'evtime');
      const c1 = crisis('imc.crisis.declared', 'ev-c1', 'EVR', T1, WINDOW, NEED);
      await send(TOPICS.crises, 'ev', [c1]);
      await settled(allocator, brokers, 'evtime');
      const before = await publishedProposals(brokers);
      expect(before.map((p) => p.asOf)).toEqual([new Date(T0).toISOString(), new Date(T1).toISOString()].map((t) => expect.stringContaining(t.slice(0, 10))));

      // Held back: the allocator sees none of this until it is continued.
      allocator.process.kill('SIGSTOP');
      try {
        for (let batch = 0; batch < 5; batch++) {
          await producer.send({ topic: TOPICS.crises, acks: -1, messages: Array.from({ length: 800 }, () => ({ key: 'ev', partition: 0, value: JSON.stringify(c1) })) });
        }
        await send(TOPICS.crises, 'ev', [crisis('imc.crisis.declared', 'ev-c2', 'EVR', T2, WINDOW, NEED)]);
        await send(TOPICS.clock, 'clock', [event('imc.clock.ticked', T3, {})]);
      } finally {
        allocator.process.kill('SIGCONT');
      }
      await settled(allocator, brokers, 'evtime');

      const file = join(dir, 'held-back.jsonl');
      writeFileSync(file, scenario.map((e) => JSON.stringify(e)).join('\n'));
      const expected = await embeddedProposals(file);
      const live = await eventually(async () => {
        const published = await publishedProposals(brokers);
        return published.length >= expected.length ? published : undefined;
      }, 20_000, 'the proposals of the held-back moment').catch(() => publishedProposals(brokers));
      const history = (ps: typeof live) => ps.map((p) => ({ version: p.version, asOf: new Date(p.asOf).toISOString(), fingerprint: proposalFingerprint(p), late: p.lateEvents?.map((l) => l.eventId) }));
      expect(expected.length).toBeGreaterThanOrEqual(3);
      if (JSON.stringify(history(live)) !== JSON.stringify(history(expected))) console.log(`[evtime] allocator output:\n${allocator.output().split('\n').filter((l) => /late|waiting|given up|proposal published/.test(l)).join('\n').slice(-4000)}`);
      expect(history(live)).toEqual(history(expected));
    } finally {
      await producer.disconnect();
      await allocator.stop();
      await broker.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
