import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Proposal, TOPICS } from '@imc/contracts';
import { planScenario, proposalFingerprint } from '@imc/domain';
import { planProposal } from '@imc/optimizer';
import { LocalKafka } from '../../scripts/kafka/local-kafka';
import { groupLag } from '../../scripts/replay/replay';
import { readTopic } from './kafka-client';
import { eventually, ServiceHandle } from './services';

export const SCENARIOS = resolve(__dirname, '..', '..', 'scenarios');

/** A broker of the test's own, so that its topics hold one world only. */
export async function privateBroker(properties?: Record<string, string>): Promise<{ kafka: LocalKafka; dataDir: string; dispose: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'imc-e2e-own-'));
  const port = 26000 + Math.floor(Math.random() * 1400) * 2;
  const kafka = await LocalKafka.start({ port, dataDir, properties });
  return {
    kafka,
    dataDir,
    dispose: async () => {
      await kafka.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function client(brokers: string): Kafka {
  return new Kafka({ clientId: 'e2e-harness', brokers: [brokers], logLevel: logLevel.NOTHING });
}

/** The embedded `plan` command's final proposal for a scenario: what Kafka must agree with. */
export async function embeddedFinal(file: string): Promise<Proposal> {
  return finalOf(file, await embeddedProposals(file));
}

/** Every proposal `plan` publishes for the scenario file, in order. */
export async function embeddedProposals(file: string): Promise<Proposal[]> {
  return (await planScenario(readFileSync(file, 'utf8'), { plan: (problem, o) => planProposal(problem, { ...o, engine: 'auto' }) })).proposals;
}

/** The last of a scenario's proposals; a scenario that published none is an error. */
export function finalOf(file: string, proposals: Proposal[]): Proposal {
  const last = proposals[proposals.length - 1];
  if (!last) throw new Error(`${file} produced no proposal`);
  return last;
}

/** Every proposal on imc.proposals, in order. */
export async function publishedProposals(brokers: string): Promise<Proposal[]> {
  const records = await readTopic(TOPICS.proposals, client(brokers));
  return records.map((r) => (JSON.parse(r.value) as { data: Proposal }).data).sort((a, b) => a.version - b.version);
}

/** How many input messages the allocator's consumer group has not committed yet. */
export async function consumerLag(brokers: string, instance: string): Promise<number> {
  const admin = client(brokers).admin();
  await admin.connect();
  try {
    return await groupLag(admin, `${instance}-allocator`);
  } finally {
    await admin.disconnect();
  }
}

/** Waits until every input is committed and the allocator has nothing left to plan, twice in a row. */
export async function settled(allocator: ServiceHandle, brokers: string, instance: string, timeoutMs = 60_000): Promise<void> {
  let calm = 0;
  await eventually(
    async () => {
      const status = (await (await fetch(`${allocator.url}/status`)).json()) as { idle: boolean };
      const lag = await consumerLag(brokers, instance);
      calm = status.idle && lag === 0 ? calm + 1 : 0;
      return calm >= 3 ? true : undefined;
    },
    timeoutMs,
    'the allocator to consume everything and finish planning',
  );
}

export { proposalFingerprint };

/** A published history as `plan --all` is compared with: each version's moment and plan. */
export function planHistory(proposals: Proposal[]): { version: number; asOf: string; plan: string }[] {
  return proposals.map((p) => ({ version: p.version, asOf: p.asOf, plan: proposalFingerprint(p) }));
}

/** What /status says of the allocator's state, without timings: equal live and after a restart. */
export interface AllocatorStatus {
  asOf: string | null;
  proposal: { proposalId: string; version: number; loans: number; unmet: number } | null;
  loans: number;
}

export async function allocatorStatus(allocator: ServiceHandle): Promise<AllocatorStatus> {
  const s = (await (await fetch(`${allocator.url}/status`)).json()) as AllocatorStatus;
  return { asOf: s.asOf, proposal: s.proposal, loans: s.loans };
}
