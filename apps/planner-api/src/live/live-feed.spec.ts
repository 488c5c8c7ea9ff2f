import { TOPICS } from '@imc/contracts';
import { SseParser } from '../../../console/src/sse';
import { PlannerView } from '../read-model/planner-view';
import type { ReadModelService } from '../read-model/read-model.service';
import { proposal, proposedEvent, proposedLoan } from '../testing/fixtures';
import { formatSse, LiveEvent, LiveFeed } from './live-feed';

function feedOver(view: PlannerView): LiveFeed {
  return new LiveFeed({ view } as unknown as ReadModelService);
}

const loanEvent = (status: string, version: number): string =>
  JSON.stringify({
    specversion: '1.0',
    id: `loan-a-${version}`,
    source: '/allocator',
    type: 'imc.loan.updated',
    time: '2010-12-05T00:00:00Z',
    data: { loanId: 'loan-a', demandId: 'd', unitIds: ['heli-1'], fromMission: 'A', toMission: 'B', capability: 'utility-helicopter', quantity: 1, approvedAt: '2010-12-05T00:00:00Z', arriveBy: '2010-12-10T00:00:00Z', returnBy: '2011-01-10T00:00:00Z', status, version },
  });

describe('LiveFeed', () => {
  it('tells each stream of every new proposal (id and time) and loan change, never of a duplicate', () => {
    const view = new PlannerView();
    const feed = feedOver(view);
    const got: LiveEvent[] = [];
    const unsubscribe = feed.subscribe({ send: (e) => got.push(e), close: () => undefined });
    const p = proposal('global', 1, [proposedLoan('loan-a', ['heli-1'])]);
    view.applyRecord(TOPICS.proposals, proposedEvent(p));
    view.applyRecord(TOPICS.proposals, proposedEvent(p));
    view.applyRecord(TOPICS.loans, loanEvent('approved', 1));
    view.applyRecord(TOPICS.loans, loanEvent('approved', 1));
    view.applyRecord(TOPICS.loans, loanEvent('active', 2));
    expect(got.map((e) => e.event)).toEqual(['proposal', 'loan', 'loan']);
    expect(got[0].data).toEqual({ proposalId: 'global:1', scope: 'global', version: 1, asOf: p.asOf });
    expect(got.slice(1).map((e) => (e.data as { status: string }).status)).toEqual(['approved', 'active']);
    unsubscribe();
    view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 2, [])));
    expect(got).toHaveLength(3);
  });

  it('drops a stream that throws and keeps serving the others; the view still applies the record', () => {
    const view = new PlannerView();
    const feed = feedOver(view);
    const good: LiveEvent[] = [];
    feed.subscribe({ send: () => { throw new Error('socket gone'); }, close: () => undefined });
    feed.subscribe({ send: (e) => good.push(e), close: () => undefined });
    expect(view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [])))).toBe('applied');
    expect(feed.size).toBe(1);
    expect(good).toHaveLength(1);
  });

  it('closes every stream at shutdown', () => {
    const feed = feedOver(new PlannerView());
    let closed = 0;
    feed.subscribe({ send: () => undefined, close: () => closed++ });
    feed.subscribe({ send: () => undefined, close: () => closed++ });
    feed.beforeApplicationShutdown();
    expect(closed).toBe(2);
    expect(feed.size).toBe(0);
  });

  it('writes events the console parser reads back, whatever the data holds', () => {
    const data = { detail: 'line one\nline two\r\n: not a comment', n: 1 };
    const [e] = new SseParser().push(formatSse('loan', data));
    expect(e.event).toBe('loan');
    expect(JSON.parse(e.data)).toEqual(data);
  });

  it('caps streams per identity (429) before the process cap (503), and frees a stream when it ends (issue 26 item 4)', () => {
    const feed = feedOver(new PlannerView());
    const sub = () => ({ send: () => undefined, close: () => undefined });
    const viewer = Array.from({ length: LiveFeed.MAX_PER_IDENTITY }, () => feed.subscribe(sub(), 'viewer:aaaa'));
    expect(feed.refusal('viewer:aaaa')).toEqual({ cap: 'identity', message: expect.stringMatching(/^viewer:aaaa holds 20 open streams, the most one identity may hold \(20\)/) });
    // Another caller still gets one: one token cannot take the streams of everyone else.
    expect(feed.refusal('approver:bbbb')).toBeUndefined();
    viewer[0]();
    viewer[0]();
    expect(feed.heldBy('viewer:aaaa')).toBe(LiveFeed.MAX_PER_IDENTITY - 1);
    expect(feed.refusal('viewer:aaaa')).toBeUndefined();
    for (let i = feed.size; i < LiveFeed.MAX_SUBSCRIBERS; i++) feed.subscribe(sub(), `viewer:${i}`);
    expect(feed.refusal('approver:bbbb')).toEqual({ cap: 'process', message: expect.stringMatching(/^this API process has 200 open streams, the most it takes \(200; 0 of them yours, at most 20 per identity\)/) });
  });
});
