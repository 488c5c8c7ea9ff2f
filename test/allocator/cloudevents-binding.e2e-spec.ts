import { join } from 'node:path';
import { CloudEvent as SdkEvent, Kafka as KafkaBinding } from 'cloudevents';
import { IHeaders, Kafka, Message } from 'kafkajs';
import { DLQ_HEADERS, Proposal, TOPICS } from '@imc/contracts';
import { replayFile } from '../../scripts/replay/replay';
import { client, embeddedFinal, privateBroker, proposalFingerprint, publishedProposals, SCENARIOS, settled } from '../support/allocator-harness';
import { readTopic } from '../support/kafka-client';
import { eventually, ServiceHandle, startService } from '../support/services';

/**
 * Issues 15 and 9 on a real broker, with a client no one here wrote (the `cloudevents` SDK):
 * binary and structured mode in, structured mode out, poison on every input topic, and a restart
 * of both services with the poison still there.
 */
const SCENARIO = join(SCENARIOS, '02-cote-divoire-elections-2010.jsonl');
const INSTANCE = 'ce';

function textHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) if (v !== undefined) out[k] = (Array.isArray(v) ? v[0] : v).toString();
  return out;
}

async function send(kafka: Kafka, topic: string, messages: Message[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({ topic, acks: -1, messages });
  await producer.disconnect();
}

const demandEvent = (id: string, demandId: string, time: string) =>
  new SdkEvent({
    id,
    source: '/sdk-producer',
    type: 'imc.demand.raised',
    time,
    datacontenttype: 'application/json',
    data: { demandId, missionId: 'UNOCI', capability: 'infantry-company', quantity: 1, window: { start: '2010-12-20T00:00:00Z', end: '2011-03-01T00:00:00Z' }, priority: 7, version: 1 },
  });

/** The SDK's binary message as kafkajs sends it: headers as strings, data as JSON text. */
function binary(event: SdkEvent<unknown>): Message {
  const m = KafkaBinding.binary(event);
  // The SDK lists unset optional attributes as undefined headers, which kafkajs cannot send.
  const headers = Object.fromEntries(Object.entries(m.headers).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
  return { key: String(event.id), value: JSON.stringify(m.value), headers };
}

function structured(event: SdkEvent<unknown>): Message {
  const m = KafkaBinding.structured(event);
  return { key: String(event.id), value: m.value as string, headers: m.headers as Record<string, string> };
}

const mentions = (p: Proposal, demandId: string) => p.loans.some((l) => l.demandId === demandId) || p.unmet.some((u) => u.demandId === demandId);

describe('the CloudEvents Kafka binding and poison on every topic, on a real broker', () => {
  let broker: Awaited<ReturnType<typeof privateBroker>>;
  let kafka: Kafka;
  let allocator: ServiceHandle;
  let api: ServiceHandle | undefined;
  const env = () => ({ KAFKA_BROKERS: broker.kafka.brokers, IMC_INSTANCE: INSTANCE, IMC_API_TOKENS: 'ce-token:approver' });

  beforeAll(async () => {
    broker = await privateBroker();
    kafka = client(broker.kafka.brokers);
    allocator = await startService('allocator', env());
  }, 180_000);

  afterAll(async () => {
    await api?.stop();
    await allocator?.stop();
    await broker?.dispose();
  });

  it('replaying a scenario in binary mode gives the same final proposal as plan on the same file', async () => {
    const expected = await embeddedFinal(SCENARIO);
    const summary = await replayFile(SCENARIO, [broker.kafka.brokers], { mode: 'binary', allocatorGroup: `${INSTANCE}-allocator` });
    expect(summary.unroutable).toEqual([]);
    await settled(allocator, broker.kafka.brokers, INSTANCE);
    const proposals = await publishedProposals(broker.kafka.brokers);
    expect(proposalFingerprint(proposals[proposals.length - 1])).toBe(proposalFingerprint(expected));
    // The allocator creates imc.dlq at start: a read that fails is a failure, not an empty DLQ.
    expect(await readTopic(TOPICS.dlq, kafka)).toEqual([]);
  }, 180_000);

  it('plans an SDK demand sent in binary mode and one in structured mode, and the SDK reads the proposal', async () => {
    const before = (await publishedProposals(broker.kafka.brokers)).length;
    await send(kafka, TOPICS.demands, [binary(demandEvent('sdk-bin-1', 'sdk-binary', '2010-12-01T00:00:00Z'))]);
    const first = await eventually(async () => (await publishedProposals(broker.kafka.brokers)).find((p) => mentions(p, 'sdk-binary')), 30_000, 'the binary-mode demand planned');
    await send(kafka, TOPICS.demands, [structured(demandEvent('sdk-str-1', 'sdk-structured', '2010-12-02T00:00:00Z'))]);
    await eventually(async () => (await publishedProposals(broker.kafka.brokers)).find((p) => mentions(p, 'sdk-structured')), 30_000, 'the structured-mode demand planned');

    // The proposal that planned the binary demand, read back through the SDK's Kafka binding.
    const records = await readTopic(TOPICS.proposals, kafka);
    expect(records.length).toBeGreaterThan(before);
    const record = records.find((r) => (JSON.parse(r.value) as { id: string }).id === first.proposalId)!;
    const message = { key: record.key ?? '', value: record.value, body: record.value, headers: textHeaders(record.raw.headers) };
    const event = KafkaBinding.toEvent(message as unknown as Parameters<typeof KafkaBinding.toEvent>[0]) as SdkEvent<Proposal>;
    expect([event.type, event.id, event.specversion]).toEqual(['imc.allocation.proposed', first.proposalId, '1.0']);
    expect(event.data).toEqual(first);
    expect(record.headers['content-type']).toBe('application/cloudevents+json');
  }, 120_000);

  it('dead-letters a binary record without ce_id with its reason and its original headers', async () => {
    const message = binary(demandEvent('sdk-bin-2', 'sdk-no-id', '2010-12-03T00:00:00Z'));
    const headers = { ...(message.headers as Record<string, string>) };
    delete headers.ce_id;
    await send(kafka, TOPICS.demands, [{ ...message, headers }]);
    const dead = await eventually(async () => (await readTopic(TOPICS.dlq, kafka)).find((r) => r.headers[DLQ_HEADERS.reason]?.includes('ce_id')), 20_000, 'the record in the DLQ');
    expect(dead.headers[DLQ_HEADERS.reason]).toBe('binary mode: missing header ce_id (required attribute id)');
    expect(dead.raw.value?.equals(Buffer.from(message.value as string))).toBe(true);
    for (const [name, value] of Object.entries(headers)) expect([name, dead.headers[name]]).toEqual([name, value]);
  }, 60_000);

  it('after poison of every kind on every input topic plans the next good event within a second, stays ready, and both services restart ready', async () => {
    api = await startService('planner-api', env());
    const poison: Message[] = [
      { key: 'p', value: '{"specversion":"1.0","id":"px1","source":"/x","type":"imc.clock.ticked","time":"2010-12-04T00:00:00Z","data":{"constructor":1}}' },
      { key: 'p', value: '{"specversion":"1.0","id":"px2","source":"/x","type":"imc.clock.ticked","time":"2010-12-04T00:00:00Z","data":{"__proto__":{"x":1}}}' },
      { key: 'p', value: `{"specversion":"1.0","id":"px3","source":"/x","type":"imc.clock.ticked","time":"2010-12-04T00:00:00Z","data":{},"x":${'['.repeat(3000)}${']'.repeat(3000)}}` },
      { key: 'p', value: '{"specversion":"1.0","id":"px4","source":"/x","type":"imc.clock.ticked","time":"2012-11-27T00","data":{}}' },
      { key: 'p', value: '{"specversion":"1.0","id":"px5","source":"/x","type":"imc.clock.ticked","time":"2012-12-01 00:00:00","data":{}}' },
      { key: Buffer.from([0, 255, 123]), value: 'not json {' },
      { key: 'p', value: null },
      { key: 'p', value: '{}', headers: { ce_specversion: '1.0', ce_type: 'imc.clock.ticked', ce_source: '/x', ce_time: '2010-12-04T00:00:00Z' } },
    ];
    const inputs = [TOPICS.missions, TOPICS.units, TOPICS.consents, TOPICS.policies, TOPICS.crises, TOPICS.demands, TOPICS.clock, TOPICS.decisions];
    const dlqBefore = (await readTopic(TOPICS.dlq, kafka)).length;
    for (const topic of inputs) await send(kafka, topic, poison);
    await eventually(async () => ((await readTopic(TOPICS.dlq, kafka)).length >= dlqBefore + poison.length * inputs.length ? true : undefined), 60_000, 'every poison record in the DLQ');

    const sent = Date.now();
    await send(kafka, TOPICS.demands, [structured(demandEvent('good-after-poison', 'after-poison', '2010-12-05T00:00:00Z'))]);
    await eventually(async () => ((await publishedProposals(broker.kafka.brokers)).some((p) => mentions(p, 'after-poison')) ? true : undefined), 20_000, 'the good event planned');
    const plannedMs = Date.now() - sent;
    expect(plannedMs).toBeLessThan(1000);

    for (const service of [allocator, api]) {
      const ready = await fetch(`${service.url}/health/ready`);
      expect([service.name, ready.status]).toEqual([service.name, 200]);
    }
    const metrics = await (await fetch(`${allocator.url}/metrics`)).text();
    expect(metrics).toMatch(/^imc_consumer_ready 1$/m);

    // Restart both with the poison still on every topic: both come up ready.
    await allocator.stop();
    await api.stop();
    allocator = await startService('allocator', env());
    api = await startService('planner-api', env());
    const current = await (await fetch(`${api.url}/v1/proposals/current`, { headers: { authorization: 'Bearer ce-token' } })).json() as Proposal;
    expect(mentions(current, 'after-poison')).toBe(true);
  }, 300_000);
});
