import { TOPICS } from '@imc/contracts';
import { client, privateBroker, publishedProposals, settled } from '../support/allocator-harness';
import { produce, readTopic } from '../support/kafka-client';
import { eventually, freePort, ServiceHandle, startService } from '../support/services';
import { consents, crisis, event, mission, msg, unit } from '../api/support/world-events';

interface Status {
  asOf: string | null;
  events: Record<string, number>;
  proposal: { proposalId: string; version: number; loans: number } | null;
  loans: number;
  ledger: { decisions: number; loans: string[] };
  leadership?: { role: string; lastTakeover?: unknown };
}

const T0 = '2011-01-01T00:00:00Z';
const T1 = '2011-01-02T00:00:00Z';
const T2 = '2011-01-03T00:00:00Z';
const WINDOW = { start: '2011-01-20T00:00:00Z', end: '2011-03-01T00:00:00Z' };

/**
 * Issue 14, defect 1, with the real allocator on a broker of its own: global:1 offers loans a and
 * b, global:2 only a, then a decision on global:1 approves b. Live and after a restart the
 * decision is resolved against global:1 (the proposal it names): b is approved, published once,
 * and the restarted allocator holds exactly the state the live one held.
 */
describe('one decision rule, live and after a restart', () => {
  it('approves a loan of the named (superseded) proposal live, and a restart ends in the same state', async () => {
    const broker = await privateBroker();
    const brokers = broker.kafka.brokers;
    const kafka = client(brokers);
    const env = { KAFKA_BROKERS: brokers, IMC_INSTANCE: 'rule', IMC_DEBOUNCE_MS: '50' };
    let allocator: ServiceHandle = await startService('allocator', { ...env, ALLOCATOR_PORT: String(freePort()) });
    const status = async (): Promise<Status> => (await (await fetch(`${allocator.url}/status`)).json()) as Status;
    try {
      // A donor with 8 helicopters (its floor keeps half) and two crises needing one each.
      await produce(TOPICS.missions, [msg('RULED', mission('RULED', 'LBR', { lat: 6.32, lon: -10.81 }, T0)), msg('RULER', mission('RULER', 'CIV', { lat: 5.35, lon: -4.0 }, T0))], kafka);
      await produce(TOPICS.units, [1, 2, 3, 4, 5, 6, 7, 8].map((i) => msg(`rule-heli-${i}`, unit(`rule-heli-${i}`, 'RULED', 'utility-helicopter', T0))), kafka);
      await produce(TOPICS.consents, consents('RULED', 'RULER', 'UKR', 'CIV', T0).map((c) => msg(String(c.data.consentId), c)), kafka);
      const need = [{ capability: 'utility-helicopter' as const, quantity: 1, priority: 8 }];
      await produce(TOPICS.crises, [msg('rule-c1', crisis('imc.crisis.declared', 'rule-c1', 'RULER', T0, WINDOW, need)), msg('rule-c2', crisis('imc.crisis.declared', 'rule-c2', 'RULER', T0, WINDOW, need))], kafka);
      await settled(allocator, brokers, 'rule');
      // The debounce may have planned part of T0 first: the last proposal is the one for all of it.
      const atT0 = await publishedProposals(brokers);
      const first = atT0[atT0.length - 1];
      expect(first.loans.map((l) => l.demandId).sort()).toEqual(['rule-c1/utility-helicopter', 'rule-c2/utility-helicopter']);
      const loanA = first.loans.find((l) => l.demandId === 'rule-c1/utility-helicopter')!;
      const loanB = first.loans.find((l) => l.demandId === 'rule-c2/utility-helicopter')!;

      // The second crisis is over: global:2 offers only a.
      await produce(TOPICS.crises, [msg('rule-c2', crisis('imc.crisis.resolved', 'rule-c2', 'RULER', T1, WINDOW, need, 2))], kafka);
      await settled(allocator, brokers, 'rule');
      const afterT1 = await publishedProposals(brokers);
      expect(afterT1).toHaveLength(atT0.length + 1);
      const second = afterT1[afterT1.length - 1];
      expect(second.loans.map((l) => l.loanId)).toEqual([loanA.loanId]);

      // A decision taken on global:1 approving b.
      const decision = event('imc.allocation.decided', T2, { decisionId: 'rule-d1', proposalId: first.proposalId, loanIds: [loanB.loanId], decision: 'approved', reviewer: 'approver:e2e', version: 1 });
      await produce(TOPICS.decisions, [msg(first.proposalId, decision)], kafka);
      await settled(allocator, brokers, 'rule');

      const loansLive = await eventually(async () => {
        const records = await readTopic(TOPICS.loans, kafka);
        return records.length > 0 ? records : undefined;
      }, 20_000, 'loan b on imc.loans');
      expect(loansLive.map((r) => (JSON.parse(r.value) as { data: { loanId: string; status: string } }).data)).toEqual([expect.objectContaining({ loanId: loanB.loanId, status: 'approved' })]);
      expect(await readTopic(TOPICS.dlq, kafka)).toEqual([]);
      const live = await status();
      expect(live.ledger).toEqual({ decisions: 1, loans: [`${loanB.loanId}:approved:${first.proposalId}`] });
      const proposalsLive = await publishedProposals(brokers);

      // Restart: the same records, read at start-up this time.
      await allocator.stop();
      allocator = await startService('allocator', { ...env, ALLOCATOR_PORT: String(freePort()) });
      await settled(allocator, brokers, 'rule');
      const restarted = await status();
      // The same state; only when this process took the lease (and how long that took) differs.
      const comparable = (s: Status) => ({ ...s, idle: undefined, leadership: s.leadership ? { ...s.leadership, lastTakeover: undefined } : undefined });
      expect(comparable(restarted)).toEqual(comparable(live));
      expect(restarted.leadership?.role).toBe('leader');
      // Nothing new to say: no proposal, no loan update and no dead letter after the restart.
      expect(await publishedProposals(brokers)).toEqual(proposalsLive);
      expect((await readTopic(TOPICS.loans, kafka)).map((r) => r.value)).toEqual(loansLive.map((r) => r.value));
      expect(await readTopic(TOPICS.dlq, kafka)).toEqual([]);
    } finally {
      await allocator.stop();
      await broker.dispose();
    }
  }, 180_000);
});
