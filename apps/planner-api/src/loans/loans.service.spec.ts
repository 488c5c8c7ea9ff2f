import { Logger } from '@nestjs/common';
import { CloudEvent, TOPICS } from '@imc/contracts';
import type { EventPublisher, OutgoingRecord } from '@imc/platform';
import type { Caller } from '../auth/role';
import { KeyedLock } from '../common/keyed-lock';
import { ApiMetrics } from '../metrics/api-metrics';
import { ProposalsService } from '../proposals/proposals.service';
import { PlannerEventsPublisher } from '../publishing/planner-events.publisher';
import { PlannerView } from '../read-model/planner-view';
import type { ReadModelService } from '../read-model/read-model.service';
import { proposal, proposedEvent, proposedLoan, unitEvent } from '../testing/fixtures';
import { LoansService } from './loans.service';

const approver: Caller = { role: 'approver', identity: 'approver:0000aaaa' };

/** The write path over a view whose world is at `proposal('global', 1)`'s asOf, 2010-12-01. */
function api() {
  const view = new PlannerView();
  for (const u of ['heli-1', 'heli-2']) view.applyRecord(TOPICS.units, unitEvent(u));
  view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [proposedLoan('loan-a', ['heli-1']), proposedLoan('loan-b', ['heli-2'])])));
  const sent: OutgoingRecord[] = [];
  const broker = { publish: async (records: OutgoingRecord[]) => void sent.push(...records) } as unknown as EventPublisher;
  const events = new PlannerEventsPublisher(broker, new ApiMetrics());
  const readModel = { view } as unknown as ReadModelService;
  return { view, sent, proposals: new ProposalsService(readModel, events, new KeyedLock(), new ApiMetrics()), loans: new LoansService(readModel, events, new KeyedLock(), new ApiMetrics()) };
}

describe('returns and recalls in event time (issue 26 item 1)', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('a return or recall dated in the future is stamped with the world\'s asOf, its date kept in the data, and the clock stays', async () => {
    const { view, sent, proposals, loans } = api();
    await proposals.decide('global:1', { decision: 'approved', loanIds: ['loan-a', 'loan-b'] }, approver);
    const asOf = view.world.asOf;
    expect(asOf).toBeDefined();
    await loans.recordReturn('loan-a', '2011-06-30T00:00:00Z', approver);
    await loans.recall('loan-b', '2011-07-15T00:00:00Z', 'needed at home next summer', approver);
    const [returned, recalled] = sent.slice(1).map((r) => r.value as CloudEvent<{ returnedAt?: string; recalledAt?: string }>);
    expect([returned.type, returned.time, returned.data.returnedAt]).toEqual(['imc.loan.returned', asOf, '2011-06-30T00:00:00.000Z']);
    expect([recalled.type, recalled.time, recalled.data.recalledAt]).toEqual(['imc.loan.recalled', asOf, '2011-07-15T00:00:00.000Z']);
    // Read back (as the allocator and the read model read them), they do not move "now".
    for (const r of sent.slice(1)) view.applyRecord(r.topic, JSON.stringify(r.value));
    expect(view.world.asOf).toBe(asOf);
  });
});
