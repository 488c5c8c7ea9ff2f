import { Logger } from '@nestjs/common';
import type { Loan } from '@imc/contracts';
import { TOPICS } from '@imc/contracts';
import { crisisEv, ev, twoMissionWorld } from '@imc/domain/testing/event.fixtures';
import { AppConfig, EventPublisher, OutgoingRecord } from '@imc/platform';
import { InputPositions } from '../leadership/input-positions';
import type { InputOffsets } from '../leadership/leader-publisher';
import { AllocatorMetrics } from '../metrics/allocator-metrics';
import { AllocatorState } from '../state/allocator-state';
import { PlanningService } from './planning.service';

/** A broker refusal kafkajs will not retry (e.g. a record over the size limit). */
function refusal(): Error {
  const error = new Error('MESSAGE_TOO_LARGE') as Error & { retriable: boolean };
  error.name = 'KafkaJSProtocolError';
  error.retriable = false;
  return error;
}

/**
 * Issue 14, defect 3: loan updates count as published only after the broker acknowledged them.
 * A publish refused once must not lose the loan update it carried.
 */
describe('PlanningService publishing', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('offers a refused loan update again with the next plan, and publishes it once acknowledged', async () => {
    const config = new AppConfig();
    const state = new AllocatorState(config);
    const sent: OutgoingRecord[][] = [];
    let refuseNext = false;
    const publisher = {
      publish: async (records: OutgoingRecord[]) => {
        if (refuseNext) {
          refuseNext = false;
          throw refusal();
        }
        sent.push(records);
      },
    } as unknown as EventPublisher;
    const planning = new PlanningService(state, publisher, new AllocatorMetrics(), config);
    planning.enable();

    for (const e of [...twoMissionWorld(), crisisEv('2010-12-01T00:00:00Z', 'declared', { crisisId: 'c1', missionId: 'UNOCI' })]) state.apply(e);
    await planning.runNow();
    const proposal = state.latestProposal();
    expect(proposal?.loans).toHaveLength(1);
    const loanId = proposal!.loans[0].loanId;

    // Approved: the next publish carries the new loan, and the broker refuses it.
    state.apply(ev('imc.allocation.decided', '2010-12-02T00:00:00Z', { decisionId: 'd-1', proposalId: proposal!.proposalId, loanIds: [loanId], decision: 'approved', reviewer: 'ops', version: 1 }));
    refuseNext = true;
    await planning.runNow();
    const loansSent = () => sent.flat().filter((r) => r.topic === TOPICS.loans).map((r) => ((r.value as { data: Loan }).data));
    expect(loansSent()).toEqual([]);

    // The next change plans again; the loan update is still there and goes out with it.
    state.apply(ev('imc.clock.ticked', '2010-12-03T00:00:00Z', {}));
    await planning.runNow();
    expect(loansSent().map((l) => [l.loanId, l.status, l.version])).toEqual([[loanId, 'approved', 1]]);

    // Acknowledged: not sent a third time.
    state.apply(ev('imc.clock.ticked', '2010-12-04T00:00:00Z', {}));
    await planning.runNow();
    expect(loansSent()).toHaveLength(1);
    await planning.drain();
    await state.onApplicationShutdown();
    // Plans run in a worker thread that starts under ts-node here: seconds on a loaded machine.
  }, 120_000);
});

describe('PlanningService input offsets (issue 28, item 1)', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('commits the offsets of the records that fed a plan in the transaction that publishes it, never those applied after it started', async () => {
    const config = new AppConfig();
    const state = new AllocatorState(config);
    const positions = new InputPositions('imc-allocator');
    const calls: { topics: string[]; offsets: string | undefined }[] = [];
    const clockAt = (o?: InputOffsets): string | undefined => o?.topics.find((t) => t.topic === TOPICS.clock)?.partitions[0].offset;
    const publisher = {
      publish: async (records: OutgoingRecord[], inputs?: InputOffsets) => void calls.push({ topics: records.map((r) => r.topic), offsets: clockAt(inputs) }),
    } as unknown as EventPublisher;
    const planning = new PlanningService(state, publisher, new AllocatorMetrics(), config, positions);
    planning.enable();
    try {
      for (const e of [...twoMissionWorld(), crisisEv('2010-12-01T00:00:00Z', 'declared', { crisisId: 'c1', missionId: 'UNOCI' })]) state.apply(e);
      // Handled records 0..2 of imc.clock (the world above stands for them).
      positions.advance(TOPICS.clock, 0, '2');
      const first = planning.runNow();
      // Handled while that plan runs (it cannot have fed it): not committed with it.
      state.apply(ev('imc.clock.ticked', '2010-12-03T00:00:00Z', {}));
      positions.advance(TOPICS.clock, 0, '3');
      await first;
      expect(calls[0]).toEqual({ topics: [TOPICS.proposals], offsets: '3' });
      // The next plan (the tick changed the world) carries it.
      await planning.runNow();
      expect(calls[1].offsets).toBe('4');
      // A duplicate handled: nothing to plan, its offset alone is committed.
      positions.advance(TOPICS.clock, 0, '4');
      await planning.runNow();
      expect(calls[2]).toEqual({ topics: [], offsets: '5' });
      // Nothing new: no transaction.
      await planning.runNow();
      expect(calls).toHaveLength(3);
    } finally {
      await planning.drain();
      await state.onApplicationShutdown();
    }
  }, 120_000);
});

/** Issue 26, item 1: a record produced late is applied, said, counted, and named in the next proposal. */
describe('late events', () => {
  beforeAll(() => Logger.overrideLogger(false));

  async function setup() {
    const { IngestService } = await import('../ingest/ingest.service');
    const { CompactionGuard } = await import('../durability/compaction-guard');
    const config = new AppConfig();
    const state = new AllocatorState(config);
    const sent: OutgoingRecord[][] = [];
    const publisher = { publish: async (records: OutgoingRecord[]) => void sent.push(records) } as unknown as EventPublisher;
    const metrics = new AllocatorMetrics();
    const planning = new PlanningService(state, publisher, metrics, config);
    planning.enable();
    const ingest = new IngestService(state, planning, publisher, metrics, new CompactionGuard());
    let offset = 0;
    const feed = (e: ReturnType<typeof ev>) => ingest.handle({ topic: TOPICS.crises, partition: 0, offset: String(offset++), key: null, value: Buffer.from(JSON.stringify(e)) });
    const proposals = () => sent.flat().filter((r) => r.topic === TOPICS.proposals).map((r) => (r.value as { data: Record<string, unknown> }).data);
    return { state, planning, metrics, feed, proposals };
  }

  it('applies a late crisis with its lateness and names it once', async () => {
    const { state, planning, metrics, feed, proposals } = await setup();
    for (const e of twoMissionWorld()) state.apply(e);
    state.apply(ev('imc.clock.ticked', '2010-12-20T00:00:00Z', {}));
    await planning.runNow();
    const before = proposals().length;
    expect(proposals().every((p) => !('lateEvents' in p))).toBe(true);

    const crisis = crisisEv('2010-12-10T00:00:00Z', 'declared', { crisisId: 'c-late', missionId: 'UNOCI' });
    await expect(feed(crisis)).resolves.toBe('applied');
    await planning.runNow();
    const after = proposals();
    expect(after.length).toBe(before + 1);
    expect(after[after.length - 1].lateEvents).toEqual([{ eventId: crisis.id, type: crisis.type, time: crisis.time, appliedAt: '2010-12-20T00:00:00.000Z', lateByMs: 10 * 86_400_000 }]);
    expect((await metrics.registry.getSingleMetricAsString('imc_events_late_total'))).toMatch(/imc_events_late_total\{type="imc\.crisis\.declared"\} 1/);

    // Named once: nothing is left for the next proposal to carry again.
    expect(state.lateEvents()).toEqual([]);
  });
});

/** Issue 26, item 1: the debounced plan of a moment waits while an input partition is behind, for the idle bound at most. */
describe('debounced plan gated by the inputs', () => {
  afterEach(() => jest.useRealTimers());

  it('puts the plan off while the gate says a partition is behind, plans once it is not, and plans anyway after IMC_INPUT_IDLE_MS', () => {
    jest.useFakeTimers({ now: 0 });
    const config = Object.assign(new AppConfig(), { IMC_DEBOUNCE_MS: 10, IMC_INPUT_IDLE_MS: 100 });
    const planning = new PlanningService({} as AllocatorState, { publish: async () => undefined }, new AllocatorMetrics(), config);
    const runs: number[] = [];
    jest.spyOn(planning, 'runNow').mockImplementation(async () => void runs.push(Date.now()));
    let ready = false;
    planning.gateBy(() => ready);
    planning.enable();

    planning.schedule();
    jest.advanceTimersByTime(50);
    expect(runs).toEqual([]);
    ready = true;
    jest.advanceTimersByTime(10);
    expect(runs).toEqual([60]);

    ready = false;
    planning.schedule();
    jest.advanceTimersByTime(100);
    expect(runs).toEqual([60]);
    jest.advanceTimersByTime(20);
    expect(runs).toHaveLength(2);
    expect(runs[1]).toBeGreaterThanOrEqual(170);
    expect(runs[1]).toBeLessThanOrEqual(180);
  });
});

/** Issue 25: the plan of a moment starts while the debounce runs, and counts only for the world it read. */
describe('planning ahead of the debounce', () => {
  beforeAll(() => Logger.overrideLogger(false));

  async function until(ok: () => boolean, timeoutMs = 60_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!ok()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  async function setup(debounceMs: number) {
    const config = Object.assign(new AppConfig(), { IMC_DEBOUNCE_MS: debounceMs });
    const state = new AllocatorState(config);
    const proposals: { proposalId: string; asOf: string }[] = [];
    const publisher = {
      publish: async (records: OutgoingRecord[]) => {
        for (const r of records) if (r.topic === TOPICS.proposals) proposals.push((r.value as { data: { proposalId: string; asOf: string } }).data);
      },
    } as unknown as EventPublisher;
    const planning = new PlanningService(state, publisher, new AllocatorMetrics(), config);
    const plan = jest.spyOn(state, 'plan');
    const ahead = jest.spyOn(state, 'planAhead');
    planning.planAheadWhen(() => true);
    planning.enable();
    // The worker's first plan (it starts under ts-node here) is not what these tests time.
    for (const e of twoMissionWorld()) state.apply(e);
    await planning.runNow();
    expect(plan).toHaveBeenCalledTimes(1);
    // The change both tests start from: a crisis, and the plan ahead of it started.
    state.apply(crisisEv('2010-12-01T00:00:00Z', 'declared', { crisisId: 'c1', missionId: 'UNOCI' }));
    planning.schedule();
    await until(() => ahead.mock.calls.length === 1);
    const stop = async () => {
      await planning.drain();
      await state.onApplicationShutdown();
    };
    return { state, planning, proposals, plan, ahead, stop };
  }

  it('publishes the plan started ahead once the debounce ends, without planning the moment again', async () => {
    const { state, planning, proposals, plan, ahead, stop } = await setup(1500);
    try {
      const started = (await ahead.mock.results[0].value) as Awaited<ReturnType<AllocatorState['planAhead']>>;
      // Planned, not published: the debounce still runs, and the world still asks for its plan.
      expect(proposals).toHaveLength(1);
      expect(planning.isIdle()).toBe(false);
      await until(() => proposals.length === 2);
      expect(proposals[1].proposalId).toBe(started.outcome.proposal.proposalId);
      expect(plan).toHaveBeenCalledTimes(1);
      expect(state.hasUnplannedChanges()).toBe(false);
      expect(planning.isIdle()).toBe(true);
    } finally {
      await stop();
    }
  }, 120_000);

  it('drops the plan ahead when a record is applied after it started, and publishes the plan of the world with it', async () => {
    const { state, planning, proposals, plan, ahead, stop } = await setup(300);
    try {
      // Started: the moment gets another record while it runs.
      state.apply(crisisEv('2010-12-01T00:00:00Z', 'updated', { crisisId: 'c1', missionId: 'UNOCI', severity: 5, version: 2 }));
      planning.schedule();
      await until(() => proposals.length === 2);
      expect(plan).toHaveBeenCalledTimes(2);
      const fresh = (await plan.mock.results[1].value) as Awaited<ReturnType<AllocatorState['plan']>>;
      expect(proposals[1].proposalId).toBe(fresh.proposal.proposalId);
      const dropped = (await ahead.mock.results[0].value) as Awaited<ReturnType<AllocatorState['planAhead']>>;
      expect(fresh.proposal).not.toBe(dropped.outcome.proposal);
      expect(state.hasUnplannedChanges()).toBe(false);
    } finally {
      await stop();
    }
  }, 120_000);
});
