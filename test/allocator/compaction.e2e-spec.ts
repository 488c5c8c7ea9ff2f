import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TOPICS } from '@imc/contracts';
import { replayFile } from '../../scripts/replay/replay';
import { allocatorStatus, client, embeddedFinal, privateBroker, proposalFingerprint, publishedProposals, SCENARIOS, settled } from '../support/allocator-harness';
import { produce, readTopic } from '../support/kafka-client';
import { eventually, startService } from '../support/services';


interface ScenarioEvent {
  id: string;
  type: string;
  time: string;
  data: Record<string, unknown>;
}

describe('restart equals live whatever compaction does', () => {
  it('a stale unit version written after the current one does not come back after compaction and a restart', async () => {
    const source = join(SCENARIOS, '02-cote-divoire-elections-2010.jsonl');
    const events = readFileSync(source, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('#'))
      .map((l) => JSON.parse(l) as ScenarioEvent);
    const lastTime = events[events.length - 1].time;
    // A unit the scenario's final plan lends: putting it in maintenance changes the plan, so a
    // restarted allocator holding the stale version would plan, and publish, differently.
    const lent = (await embeddedFinal(source)).loans[0].unitIds[0];
    const original = events.filter((e) => e.type === 'imc.unit.upserted' && e.data.unitId === lent).pop() as ScenarioEvent;
    const version = original.data.version as number;
    const current = { ...original, id: 'compaction-current', time: lastTime, data: { ...original.data, status: 'maintenance', version: version + 1 } };
    const stale = { ...original, id: 'compaction-stale', time: lastTime, data: { ...original.data, version } };

    // The cleaner runs often; the topic's own settings are made eager below, as an operator might.
    const broker = await privateBroker({ 'log.cleaner.backoff.ms': '500' });
    const brokers = broker.kafka.brokers;
    let allocator = await startService('allocator', { KAFKA_BROKERS: brokers, IMC_INSTANCE: 'compact' });
    try {
      const admin = client(brokers).admin();
      await admin.connect();
      await admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: 2, // TOPIC
            name: TOPICS.units,
            configEntries: [
              { name: 'cleanup.policy', value: 'compact' },
              { name: 'segment.ms', value: '200' },
              { name: 'min.cleanable.dirty.ratio', value: '0.01' },
              { name: 'min.compaction.lag.ms', value: '0' },
            ],
          },
        ],
      });
      await admin.disconnect();

      await replayFile(source, [brokers], { allocatorGroup: 'compact-allocator' });
      await settled(allocator, brokers, 'compact');
      const before = await publishedProposals(brokers);
      expect(before[before.length - 1].loans.some((l) => l.unitIds.includes(lent))).toBe(true);

      await produce(TOPICS.units, [{ key: lent, value: JSON.stringify(current) }], client(brokers));
      await settled(allocator, brokers, 'compact');
      await produce(TOPICS.units, [{ key: lent, value: JSON.stringify(stale) }], client(brokers));
      await settled(allocator, brokers, 'compact');
      const live = await allocatorStatus(allocator);
      const liveProposals = await publishedProposals(brokers);
      // Live, the current version holds: the unit is no longer lent.
      expect(liveProposals[liveProposals.length - 1].loans.some((l) => l.unitIds.includes(lent))).toBe(false);

      // Force compaction: records only compact once their segment is closed, and a segment closes
      // when a record arrives after segment.ms. A resent scenario line (a duplicate id, ignored by
      // the allocator) closes it, until only one record is left on the unit's key.
      const filler = events.find((e) => e.type === 'imc.unit.upserted' && e.data.unitId !== lent) as ScenarioEvent;
      const survivors = await eventually(async () => {
        await new Promise((r) => setTimeout(r, 300));
        await produce(TOPICS.units, [{ key: filler.data.unitId as string, value: JSON.stringify(filler) }], client(brokers));
        const onKey = (await readTopic(TOPICS.units, client(brokers))).filter((r) => r.key === lent);
        return onKey.length === 1 ? onKey : undefined;
      }, 90_000, 'the cleaner to compact imc.units down to one record on the unit key');
      // What compaction kept is the current version, written again after the stale one.
      expect(JSON.parse(survivors[0].value)).toMatchObject({ id: 'compaction-current', data: { version: version + 1, status: 'maintenance' } });
      await settled(allocator, brokers, 'compact');
      await allocator.stop();

      allocator = await startService('allocator', { KAFKA_BROKERS: brokers, IMC_INSTANCE: 'compact' });
      await settled(allocator, brokers, 'compact');
      expect(await allocatorStatus(allocator)).toEqual(live);
      const after = await publishedProposals(brokers);
      expect(after.length).toBe(liveProposals.length);
      expect(proposalFingerprint(after[after.length - 1])).toBe(proposalFingerprint(liveProposals[liveProposals.length - 1]));
    } finally {
      await allocator.stop();
      await broker.dispose();
    }
  }, 300_000);
});
