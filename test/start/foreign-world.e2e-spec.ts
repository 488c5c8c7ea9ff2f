import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INPUT_TOPICS, TOPICS } from '@imc/contracts';
import { ensureTopics } from '@imc/platform';
import { demoEventIds } from '../../scripts/support/demo-world';
import { client, privateBroker, SCENARIOS } from '../support/allocator-harness';
import { produce } from '../support/kafka-client';
import { freePort } from '../support/services';
import { errorLines, runStart, stopAllStarts } from '../support/start-process';

/** `npm start` against a cluster (KAFKA_BROKERS) whose topics hold a world of the user's own. */
describe('npm start on a world that is not the demo', () => {
  afterAll(async () => {
    await stopAllStarts();
  });

  it('says so, sends nothing, and prints no error line', async () => {
    const broker = await privateBroker();
    try {
      const kafka = client(broker.kafka.brokers);
      const admin = kafka.admin();
      await admin.connect();
      await ensureTopics(admin);
      const own = {
        specversion: '1.0',
        id: 'own-mission-1',
        source: '/my-planning-cell',
        type: 'imc.mission.upserted',
        time: '2024-03-01T00:00:00Z',
        datacontenttype: 'application/json',
        data: { missionId: 'MINUSCA', name: 'MINUSCA', hostState: 'CAF', region: 'central-africa', hq: { lat: 4.36, lon: 18.56 }, status: 'normal', receivingCapacity: { personnel: 500, aircraft: 4 }, version: 1 },
      };
      await produce(TOPICS.missions, [{ key: 'MINUSCA', value: JSON.stringify(own) }], kafka);
      const ends = async (): Promise<string> => {
        const out: string[] = [];
        for (const topic of INPUT_TOPICS) for (const p of await admin.fetchTopicOffsets(topic)) out.push(`${topic}:${p.partition}=${p.high}`);
        return out.join(' ');
      };
      const before = await ends();

      const start = runStart({ KAFKA_BROKERS: broker.kafka.brokers, PORT: String(freePort()), ALLOCATOR_PORT: String(freePort()), IMC_API_TOKENS: 'e2e-foreign:viewer' });
      let output = '';
      try {
        await start.waitFor(/\[start\] Ctrl-C stops everything/, 180_000);
      } finally {
        output = start.output();
        await start.interrupt();
      }
      const total = demoEventIds(readFileSync(join(SCENARIOS, 'demo-2010-2012.jsonl'), 'utf8')).length;
      expect(output).toContain(`[start] topics hold a world that is not the demo: left as is (1 event not from the demo file, 0 of the demo's ${total})`);
      expect(output).not.toMatch(/loading the demo world|resuming the demo world|demo world loaded/);
      expect(await ends()).toBe(before);
      expect(errorLines(output)).toEqual([]);
      await admin.disconnect();
    } finally {
      await broker.dispose();
    }
  }, 300_000);
});
