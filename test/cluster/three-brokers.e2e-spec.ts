import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Admin, ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { INPUT_TOPICS, TOPIC_SPECS, TOPICS, errorMessage } from '@imc/contracts';
import type { Proposal } from '@imc/contracts';
import { LocalKafkaCluster } from '../../scripts/kafka/local-kafka';
import { replayFile } from '../../scripts/replay/replay';
import { eventIdOf } from '../../scripts/support/demo-world';
import { call, TOKEN_ENV } from '../api/support/api-client';
import { embeddedProposals, finalOf, planHistory, proposalFingerprint, publishedProposals, SCENARIOS, settled } from '../support/allocator-harness';
import { readTopic } from '../support/kafka-client';
import { eventually, ServiceHandle, startService } from '../support/services';

/** Java's String.hashCode, which Kafka uses to place a group on a partition of __consumer_offsets. */
function javaHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}

/** The node that coordinates a consumer group now: the leader of the group's offsets partition. */
async function groupCoordinator(admin: Admin, groupId: string): Promise<number> {
  const [offsets] = (await admin.fetchTopicMetadata({ topics: ['__consumer_offsets'] })).topics;
  const h = javaHash(groupId);
  const partition = (h === -2147483648 ? 0 : Math.abs(h)) % offsets.partitions.length;
  const leader = offsets.partitions.find((p) => p.partitionId === partition)?.leader;
  if (leader === undefined) throw new Error(`no leader for __consumer_offsets-${partition}`);
  return leader;
}

/**
 * Slow (a few minutes): three brokers, a replay, a broker killed and brought back. Runs in CI.
 * Three combined KRaft nodes from the same jars, topics with replication 3 and min.insync.replicas 2;
 * the broker that coordinates the allocator's consumer group is killed with SIGKILL mid-replay and
 * restarted after a read and an approval made during the outage.
 */
describe('on a three-broker cluster, one broker lost and back', () => {
  it('loses nothing, applies nothing twice, ends on the plan of `plan`, and an approval in the outage is 202 and durable or 503 and absent', async () => {
    const started = Date.now();
    const source = join(SCENARIOS, 'demo-2010-2012.jsonl');
    const planned = await embeddedProposals(source);
    const expected = finalOf(source, planned);
    const dataDir = mkdtempSync(join(tmpdir(), 'imc-e2e-cluster-'));
    const cluster = await LocalKafkaCluster.start({ nodes: 3, basePort: 28000 + Math.floor(Math.random() * 300) * 6, dataDir, heapMb: 320 });
    const brokers = cluster.brokers;
    const kafka = new Kafka({ clientId: 'e2e-cluster', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const env = { KAFKA_BROKERS: brokers, IMC_INSTANCE: 'cl', IMC_TOPIC_REPLICATION_FACTOR: '3', IMC_TOPIC_MIN_INSYNC_REPLICAS: '2' };
    const services: ServiceHandle[] = [];
    const figures: Record<string, number | string> = { clusterUpS: (Date.now() - started) / 1000 };
    const step = (what: string): void => void process.stderr.write(`[cluster] ${((Date.now() - started) / 1000).toFixed(1)} s: ${what}\n`);
    try {
      step('cluster up');
      const allocator = await startService('allocator', env, 180_000);
      services.push(allocator);
      const api = await startService('planner-api', { ...env, IMC_API_TOKENS: TOKEN_ENV }, 180_000);
      services.push(api);

      // The services created every topic on three replicas with min.insync.replicas 2.
      const metadata = await admin.fetchTopicMetadata({ topics: TOPIC_SPECS.map((s) => s.name) });
      for (const t of metadata.topics) for (const p of t.partitions) expect([t.name, p.replicas.length]).toEqual([t.name, 3]);
      const configs = await admin.describeConfigs({ includeSynonyms: false, resources: TOPIC_SPECS.map((s) => ({ type: ConfigResourceTypes.TOPIC, name: s.name, configNames: ['min.insync.replicas'] })) });
      for (const r of configs.resources) expect([r.resourceName, r.configEntries[0]?.configValue]).toEqual([r.resourceName, '2']);

      // The replay goes on while the broker leading imc.proposals is killed.
      const replayStarted = Date.now();
      const replay = replayFile(source, brokers.split(','), { allocatorGroup: 'cl-allocator', waitTimeoutMs: 180_000, moments: true, transactional: true }).catch((error: unknown) => {
        console.log(`[cluster] replay failed: ${error instanceof Error ? error.stack : String(error)}`);
        throw error;
      });
      await eventually(async () => {
        const s = (await (await fetch(`${allocator.url}/status`)).json()) as { proposal: { version: number } | null };
        return (s.proposal?.version ?? 0) >= 3 ? true : undefined;
      }, 120_000, 'a few proposals');
      // The hardest node to lose: the one coordinating the allocator's consumer group (it holds
      // the group's offsets partition), so the allocator must find the new coordinator mid-replay.
      const victim = await groupCoordinator(admin, 'cl-allocator');
      const apiGroups = (await admin.listGroups()).groups.map((g) => g.groupId).filter((g) => g.startsWith('cl-planner-api-live-'));
      figures.apiGroupOnVictim = String(await Promise.all(apiGroups.map((g) => groupCoordinator(admin, g))).then((ns) => ns.includes(victim)));
      step(`killing node ${victim}`);
      await cluster.kill(victim);
      const killedAt = Date.now();
      // The harness's helpers take one bootstrap address: a node that is up.
      const up = brokers.split(',')[victim === 1 ? 1 : 0];
      const summary = await replay;
      step('replay done');
      expect(summary.waits).toEqual([]);
      await settled(allocator, up, 'cl', 180_000);
      step('settled');
      figures.replayS = (Date.now() - replayStarted) / 1000;
      figures.killedNode = victim;

      // Nothing lost, nothing twice: every event of the file on the input topics exactly once.
      const fileIds = readFileSync(source, 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).map((l) => (JSON.parse(l) as { id: string }).id);
      const onTopics: string[] = [];
      for (const topic of INPUT_TOPICS) for (const r of await readTopic(topic, kafka)) onTopics.push(eventIdOf(r.value, r.headers) ?? '?');
      expect([...onTopics].sort()).toEqual([...fileIds].sort());
      expect(await readTopic(TOPICS.dlq, kafka)).toEqual([]);
      const proposals = await publishedProposals(up);
      expect(proposals.map((p) => p.version)).toEqual(proposals.map((_, i) => i + 1));
      // The whole history is `plan --all`'s: each version's moment and plan (loans, shortfalls,
      // explanations, solver status and objective, which counts the change against the version
      // before it). The allocator plans a moment only once every input partition is caught up,
      // so a partition behind while its leader moves holds planning back rather than letting a
      // later moment be planned first; the replay sends each moment whole (`moments`), as a
      // live allocator cannot know that more of a moment is still to come.
      const line = (p: Proposal): string => `v${p.version} ${p.asOf.slice(0, 10)} ${p.loans.length} loans ${p.solver.objective.toFixed(2)}${p.lateEvents ? ` late ${p.lateEvents.map((l) => l.eventId).join(',')}` : ''}`;
      if (JSON.stringify(planHistory(proposals)) !== JSON.stringify(planHistory(planned))) {
        // Where the two histories part: each proposal's moment, loans and objective, the allocator's beside `plan`'s.
        console.log(`[cluster] proposals, allocator | plan:\n${Array.from({ length: Math.max(proposals.length, planned.length) }, (_, i) => `${proposals[i] ? line(proposals[i]) : '-'} | ${planned[i] ? line(planned[i]) : '-'}`).join('\n')}`);
      }
      expect(planHistory(proposals)).toEqual(planHistory(planned));
      expect(proposalFingerprint(proposals[proposals.length - 1])).toBe(proposalFingerprint(expected));
      figures.proposals = proposals.length;
      figures.lateEvents = proposals.reduce((n, p) => n + (p.lateEvents?.length ?? 0), 0);

      // An approval while the broker is still down: 202 and on imc.decisions, or 503 and nowhere.
      const current = await call<{ proposalId: string; loans: { loanId: string }[] }>(api.url, 'GET', '/v1/proposals/current', 'viewer');
      if (current.status !== 200) {
        const ready = await call(api.url, 'GET', '/health/ready', 'none');
        console.log(`[cluster] current: ${current.status} ${JSON.stringify(current.body)}; ready: ${ready.status} ${JSON.stringify(ready.body)}`);
        console.log(`[cluster] api output:\n${api.output().slice(-6000)}`);
      }
      expect(current.status).toBe(200);
      const loanId = current.body.loans[0].loanId;
      const approval = await call<{ decisionId: string }>(api.url, 'POST', `/v1/proposals/${current.body.proposalId}/decisions`, 'approver', { decision: 'approved', loanIds: [loanId], reason: 'approved with one broker down' });
      expect([202, 503]).toContain(approval.status);
      figures.approvalStatus = approval.status;

      // The broker comes back and catches up.
      const restartAt = Date.now();
      step(`approval answered ${approval.status}; restarting node ${victim}`);
      await cluster.restart(victim);
      await eventually(async () => {
        const m = await admin.fetchTopicMetadata({ topics: TOPIC_SPECS.map((s) => s.name) });
        return m.topics.every((t) => t.partitions.every((p) => p.isr.length === 3)) ? true : undefined;
      }, 180_000, 'every partition back to three in-sync replicas');
      step('back in sync');
      figures.outageS = (Date.now() - killedAt) / 1000;
      figures.backInSyncS = (Date.now() - restartAt) / 1000;

      const decisions = (await readTopic(TOPICS.decisions, kafka)).filter((r) => r.value.includes('approved with one broker down'));
      if (approval.status === 202) {
        expect(decisions).toHaveLength(1);
        await eventually(async () => {
          const s = (await (await fetch(`${allocator.url}/status`)).json()) as { ledger: { loans: string[] } };
          return s.ledger.loans.some((l) => l.startsWith(`${loanId}:approved:`)) ? true : undefined;
        }, 60_000, 'the allocator to apply the approval');
      } else {
        expect(decisions).toEqual([]);
      }
      figures.totalS = (Date.now() - started) / 1000;
      console.log(`[cluster] ${JSON.stringify(figures)}`);
    } catch (error) {
      step(`failed: ${errorMessage(error)}`);
      // What says why a history parted (waits, partitions given up on, late events, consumer crashes), then the tail.
      for (const s of services) {
        const telling = s.output().split('\n').filter((l) => /late event|waiting for input|given up|Crash|not known|rejoin|proposal published/i.test(l));
        process.stderr.write(`[cluster] ${s.name} output, the telling lines:\n${telling.join('\n').slice(-12000)}\n[cluster] ${s.name} output, the tail:\n${s.output().slice(-4000)}\n`);
      }
      throw error;
    } finally {
      for (const s of services) await s.stop();
      await admin.disconnect().catch(() => undefined);
      await cluster.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 600_000);
});
