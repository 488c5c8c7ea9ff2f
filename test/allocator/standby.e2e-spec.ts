import { join } from 'node:path';
import { TOPICS } from '@imc/contracts';
import { replayFile } from '../../scripts/replay/replay';
import { client, embeddedFinal, privateBroker, proposalFingerprint, publishedProposals, SCENARIOS, settled } from '../support/allocator-harness';
import { produce } from '../support/kafka-client';
import { eventually, ServiceHandle, startService } from '../support/services';

interface Status {
  role: string;
  idle: boolean;
  proposal: { version: number } | null;
  leadership: { lastTakeover: { ms: number } | null };
}

async function status(allocator: ServiceHandle): Promise<Status> {
  return (await (await fetch(`${allocator.url}/status`)).json()) as Status;
}

const exited = (s: ServiceHandle): Promise<number | null> =>
  s.process.exitCode !== null || s.process.signalCode !== null ? Promise.resolve(s.process.exitCode) : new Promise((r) => s.process.once('exit', (code) => r(code)));

/** Every version once, none skipped. */
function expectContiguous(versions: number[]): void {
  expect(versions).toEqual(versions.map((_, i) => i + 1));
}

/** The demo's last demand, withdrawn in step 3 (the whole demand, a higher version). */
const GOMA_POLICE = {
  demandId: 'goma-2012/formed-police-unit',
  missionId: 'MONUSCO',
  capability: 'formed-police-unit',
  quantity: 1,
  window: { start: '2012-12-01T00:00:00Z', end: '2013-03-31T00:00:00Z' },
  priority: 8,
  site: { name: 'Goma', lat: -1.683333, lon: 29.233333 },
};

// Each allocator heartbeats the lease every second; the standby takes over 6 s after the leader's last one.
const HA = { IMC_INSTANCE: 'ha', IMC_LEASE_TIMEOUT_MS: '6000', LOG_LEVEL: 'log' };

describe('two allocators: one leads, one stands by', () => {
  it('the standby takes over a killed leader mid-replay, continues the version sequence and ends on the plan of `plan`; a paused leader is fenced and steps down', async () => {
    const source = join(SCENARIOS, 'demo-2010-2012.jsonl');
    const expected = await embeddedFinal(source);
    const broker = await privateBroker();
    const brokers = broker.kafka.brokers;
    const env = { KAFKA_BROKERS: brokers, ...HA };
    const a = await startService('allocator', env, 180_000);
    const b = await startService('allocator', env, 180_000);
    let c: ServiceHandle | undefined;
    try {
      expect((await status(a)).role).toBe('leader');
      expect((await status(b)).role).toBe('standby');
      expect(await (await fetch(`${b.url}/metrics`)).text()).toMatch(/imc_allocator_role\{role="standby"\} 1/);

      // 1. kill -9 the leader once a few proposals are out, while the replay goes on.
      const replay = replayFile(source, [brokers], { allocatorGroup: 'ha-allocator', waitTimeoutMs: 120_000 });
      await eventually(async () => (((await status(a)).proposal?.version ?? 0) >= 3 ? true : undefined), 60_000, 'a few proposals from the leader');
      await a.kill();
      const killedAt = Date.now();
      const before = await publishedProposals(brokers);
      const leading = await eventually(async () => ((await status(b)).role === 'leader' ? Date.now() : undefined), 30_000, 'the standby to lead');
      // Leading means: fenced the old producer, caught up, planned, and published if the plan differed.
      const failoverMs = leading - killedAt;
      const firstNew = await eventually(async () => {
        const all = await publishedProposals(brokers);
        return all.length > before.length ? Date.now() : undefined;
      }, 60_000, 'a proposal from the new leader');
      console.log(`[standby] failover: lead ${failoverMs} ms after kill -9 (takeover itself ${(await status(b)).leadership.lastTakeover?.ms} ms); first proposal of the new leader ${firstNew - killedAt} ms after the kill`);
      expect(failoverMs).toBeLessThan(15_000);

      const summary = await replay;
      expect(summary.waits).toEqual([]);
      await settled(b, brokers, 'ha', 120_000);
      const all = await publishedProposals(brokers);
      expectContiguous(all.map((p) => p.version));
      const last = all[all.length - 1];
      expect(proposalFingerprint(last)).toBe(proposalFingerprint(expected));
      expect((await status(b)).proposal?.version).toBe(last.version);

      // 2. The killed allocator comes back (as a supervisor would restart it): a standby now.
      c = await startService('allocator', env, 180_000);
      expect((await status(c)).role).toBe('standby');

      // 3. Pause the leader past its lease with a plan-changing event pending, let the standby
      // take over, resume it: it is fenced and steps down without publishing.
      const versionsBefore = (await publishedProposals(brokers)).length;
      await produce(
        TOPICS.demands,
        [{ key: 'goma-2012/formed-police-unit', value: JSON.stringify({ specversion: '1.0', id: 'ha-withdraw-1', source: '/e2e', type: 'imc.demand.withdrawn', time: '2012-11-27T00:00:00Z', data: { ...GOMA_POLICE, version: 2 } }) }],
        client(brokers),
      );
      b.process.kill('SIGSTOP');
      const pausedAt = Date.now();
      try {
        await eventually(async () => ((await status(c as ServiceHandle)).role === 'leader' ? true : undefined), 30_000, 'the standby to lead while the leader is paused');
        console.log(`[standby] paused leader replaced after ${Date.now() - pausedAt} ms`);
        await eventually(async () => ((await publishedProposals(brokers)).length > versionsBefore ? true : undefined), 30_000, 'the new leader to publish the withdrawal');
      } finally {
        b.process.kill('SIGCONT');
      }
      const code = await Promise.race([exited(b), new Promise<string>((r) => setTimeout(() => r('still running'), 30_000))]);
      expect(code).toBe(75);
      expect(b.output()).toMatch(/stepping down: (fenced|the lease went to another allocator)/);
      await settled(c, brokers, 'ha', 60_000);
      const final = await publishedProposals(brokers);
      expectContiguous(final.map((p) => p.version));
      expect((await status(c)).proposal?.version).toBe(final[final.length - 1].version);
      expect(final[final.length - 1].loans.some((l) => l.demandId === 'goma-2012/formed-police-unit')).toBe(false);
    } finally {
      for (const s of [a, b, c]) if (s) await s.kill();
      await broker.dispose();
    }
  }, 600_000);
});
