import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@imc/contracts';
import { keyOf, replayFile } from '../../scripts/replay/replay';
import { client, privateBroker, publishedProposals, SCENARIOS, settled } from '../support/allocator-harness';
import { produce } from '../support/kafka-client';
import { eventually, ServiceHandle, startService } from '../support/services';

interface Status {
  role: string;
  asOf: string | null;
  idle: boolean;
  events: { applied: number };
}

async function status(allocator: ServiceHandle): Promise<Status> {
  return (await (await fetch(`${allocator.url}/status`)).json()) as Status;
}

const exited = (s: ServiceHandle): Promise<number | null> =>
  s.process.exitCode !== null || s.process.signalCode !== null ? Promise.resolve(s.process.exitCode) : new Promise((r) => s.process.once('exit', (code) => r(code)));

/** The input group's committed offset on imc.clock's partition 0, and the partition's end. */
async function clockOffsets(brokers: string, groupId: string): Promise<{ committed: string; end: string }> {
  const admin = client(brokers).admin();
  await admin.connect();
  try {
    const [committed] = await admin.fetchOffsets({ groupId, topics: [TOPICS.clock] });
    const ends = await admin.fetchTopicOffsets(TOPICS.clock);
    return { committed: committed.partitions.find((p) => p.partition === 0)?.offset ?? '-1', end: ends.find((p) => p.partition === 0)?.high ?? '-1' };
  } finally {
    await admin.disconnect();
  }
}

const SCENARIO = join(SCENARIOS, '01-abidjan-2006.jsonl');
const TOPIC_OF: Record<string, string> = { 'imc.mission.upserted': TOPICS.missions, 'imc.unit.upserted': TOPICS.units, 'imc.consent.recorded': TOPICS.consents };

/**
 * A new version of the scenario's last mission, unit and consent, at `time`: records on three more
 * input topics, so that whichever partitions the group gave the former leader when it rejoined,
 * it holds one that has a record to consume.
 */
function updates(time: string): { topic: string; key: string | null; value: string }[] {
  const last = new Map<string, { type: string; data: Record<string, unknown> }>();
  for (const line of readFileSync(SCENARIO, 'utf8').split('\n')) {
    if (!line.startsWith('{')) continue;
    const event = JSON.parse(line) as { type: string; data: Record<string, unknown> };
    if (TOPIC_OF[event.type]) last.set(event.type, event);
  }
  return [...last.values()].map((e, i) => {
    const data = { ...e.data, version: Number(e.data.version) + 1 };
    return { topic: TOPIC_OF[e.type], key: keyOf(e.type, data), value: JSON.stringify({ specversion: '1.0', id: `eo-update-${i}`, source: '/e2e', type: e.type, time, datacontenttype: 'application/json', data }) };
  });
}

const LEASE_TIMEOUT_MS = 6000;
const HA = { IMC_INSTANCE: 'eo', IMC_LEASE_TIMEOUT_MS: String(LEASE_TIMEOUT_MS), LOG_LEVEL: 'log' };
/** The takeover bound operations.md gives: the lease timeout plus a plan (a small world's here), with room for a loaded CI machine. */
const TAKEOVER_BOUND_MS = 2 * LEASE_TIMEOUT_MS;

/**
 * Issue 28, item 1: a fenced allocator must not consume inputs. Two allocators; the leader is
 * paused until the standby leads, then resumed as one clock tick (and one update on three more
 * input topics) is sent. A former leader that rejoined the input group with its old partitions
 * read them and committed their offsets, and the new leader never applied them (it did so on the
 * code before the fix: two of the four lost). Now the former leader is given no partition, and
 * whatever it might read, its offsets go only in the transaction that publishes the plan, which
 * the broker refuses: the new leader applies and plans all four within the takeover bound, and
 * commits their offsets.
 */
describe('exactly once under a takeover: a fenced former leader consumes no input', () => {
  it('the new leader applies and plans a tick sent as the paused former leader resumes; the former leader commits nothing and steps down', async () => {
    const broker = await privateBroker();
    const brokers = broker.kafka.brokers;
    const env = { KAFKA_BROKERS: brokers, ...HA };
    const a = await startService('allocator', env, 180_000);
    const b = await startService('allocator', env, 180_000);
    try {
      expect((await status(a)).role).toBe('leader');
      expect((await status(b)).role).toBe('standby');
      const summary = await replayFile(SCENARIO, [brokers], { allocatorGroup: 'eo-allocator', waitTimeoutMs: 120_000 });
      expect(summary.waits).toEqual([]);
      await settled(a, brokers, 'eo', 120_000);
      const before = await clockOffsets(brokers, 'eo-allocator');
      const tickTime = '2031-06-01T00:00:00.000Z';
      const more = updates(tickTime);
      expect(more.map((r) => r.topic).sort()).toEqual([TOPICS.consents, TOPICS.missions, TOPICS.units]);
      const appliedBefore = (await status(b)).events.applied;

      // Pause the leader until the standby says it leads.
      a.process.kill('SIGSTOP');
      const pausedAt = Date.now();
      try {
        await eventually(async () => ((await status(b)).role === 'leader' ? true : undefined), 30_000, 'the standby to lead while the leader is paused');
      } finally {
        // Resume it and at once send one tick, far after the scenario's end.
        a.process.kill('SIGCONT');
      }
      const sentAt = Date.now();
      console.log(`[fenced-input] standby led ${sentAt - pausedAt} ms after the pause`);
      const kafka = client(brokers);
      await Promise.all([
        produce(TOPICS.clock, [{ key: 'default', value: JSON.stringify({ specversion: '1.0', id: 'eo-tick-after-takeover', source: '/e2e', type: 'imc.clock.ticked', time: tickTime, datacontenttype: 'application/json', data: {} }) }], kafka),
        ...more.map((r) => produce(r.topic, [{ key: r.key, value: r.value }], kafka)),
      ]);

      // The new leader applies the tick and plans it, within the takeover bound.
      const applied = await eventually(
        async () => {
          const s = await status(b);
          const all = s.events.applied === appliedBefore + 1 + more.length;
          return s.role === 'leader' && all && s.asOf !== null && Date.parse(s.asOf) === Date.parse(tickTime) && s.idle ? Date.now() : undefined;
        },
        60_000,
        'the new leader to apply and plan the tick and the three updates',
      ).catch(async (error: unknown) => {
        console.log(`[fenced-input] clock offsets ${JSON.stringify(await clockOffsets(brokers, 'eo-allocator'))}; new leader ${JSON.stringify(await status(b))}\n--- former leader ---\n${a.output().split('\n').slice(-40).join('\n')}`);
        throw error;
      });
      console.log(`[fenced-input] tick and updates applied and planned by the new leader ${applied - sentAt} ms after they were sent`);
      expect(applied - sentAt).toBeLessThan(TAKEOVER_BOUND_MS);

      // Its offset is committed, by the new leader's transaction.
      await eventually(async () => {
        const o = await clockOffsets(brokers, 'eo-allocator');
        return o.committed === o.end && BigInt(o.end) === BigInt(before.end) + 1n ? true : undefined;
      }, 30_000, 'the tick offset to be committed');

      // The former leader stepped down without publishing anything after its pause.
      const code = await Promise.race([exited(a), new Promise<string>((r) => setTimeout(() => r('still running'), 30_000))]);
      expect(code).toBe(75);
      expect(a.output()).toMatch(/stepping down: (fenced|the lease went to another allocator)/);
      const resumedOutput = a.output().slice(a.output().lastIndexOf('stepping down'));
      expect(resumedOutput).not.toMatch(/proposal published/);
      console.log(`[fenced-input] former leader after the pause:\n${a.output().split('\n').filter((l) => /stepping down|has joined the group|not published|offsets not committed/.test(l)).slice(-6).map((l) => l.slice(0, 300)).join('\n')}`);
      // Whatever the new leader published last is its plan of the world with the tick.
      await settled(b, brokers, 'eo', 60_000);
      const proposals = await publishedProposals(brokers);
      expect(proposals.map((p) => p.version)).toEqual(proposals.map((_, i) => i + 1));
    } finally {
      for (const s of [a, b]) await s.kill();
      await broker.dispose();
    }
  }, 600_000);
});
