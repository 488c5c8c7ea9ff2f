import { Logger } from '@nestjs/common';
import { TOPICS } from '@imc/contracts';
import type { EventPublisher, OutgoingRecord } from '@imc/platform';
import type { Caller } from '../auth/role';
import { KeyedLock } from '../common/keyed-lock';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { LoansService } from '../loans/loans.service';
import { ApiMetrics } from '../metrics/api-metrics';
import { ProposalsService } from '../proposals/proposals.service';
import { PlannerEventsPublisher } from '../publishing/planner-events.publisher';
import { PlannerView } from '../read-model/planner-view';
import type { ReadModelService } from '../read-model/read-model.service';
import { proposal, proposedEvent, proposedLoan, unitEvent } from '../testing/fixtures';
import { canonicalJson, earlierWrite, FINGERPRINT_HEADER, keyedEventId, keyedRequest, parseIdempotencyKey, requestFingerprint } from './idempotency-key';
import { RecentAnswers } from './recent-answers';

const approver: Caller = { role: 'approver', identity: 'approver:0000aaaa' };

describe('Idempotency-Key: the key logic', () => {
  it('accepts 1 to 255 visible ASCII characters, a structured-field string\'s quotes dropped, and refuses the rest with 400', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
    expect(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey('"abc"')).toBe('abc');
    for (const bad of ['', '""', 'a b', 'é', 'x'.repeat(256), ['a', 'b']]) {
      let error: unknown;
      try {
        parseIdempotencyKey(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe(ApiErrorCode.Invalid);
      expect((error as ApiError).errors?.[0].field).toBe('Idempotency-Key');
    }
  });

  it('derives one event id per caller and key, the same in every process', () => {
    expect(keyedEventId('approver:0000aaaa', 'k1')).toBe(keyedEventId('approver:0000aaaa', 'k1'));
    expect(keyedEventId('approver:0000aaaa', 'k1')).toMatch(/^req-[0-9a-f]{32}$/);
    expect(keyedEventId('approver:0000aaaa', 'k2')).not.toBe(keyedEventId('approver:0000aaaa', 'k1'));
    expect(keyedEventId('approver:0000bbbb', 'k1')).not.toBe(keyedEventId('approver:0000aaaa', 'k1'));
  });

  it('fingerprints the route and the body, not the body\'s key order or spacing', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: null }], a: 'x', u: undefined })).toBe('{"a":"x","b":[1,{"c":null,"d":2}]}');
    expect(requestFingerprint('POST /p', { a: 1, b: 2 })).toBe(requestFingerprint('POST /p', { b: 2, a: 1 }));
    expect(requestFingerprint('POST /p', { a: 1 })).not.toBe(requestFingerprint('POST /p', { a: 2 }));
    expect(requestFingerprint('POST /p', { a: 1 })).not.toBe(requestFingerprint('POST /q', { a: 1 }));
  });

  it('answers the earlier event for the same request, 422 for another one, nothing for a new key', () => {
    const request = keyedRequest('c', 'k', 'POST /p', { a: 1 });
    const event = { id: request!.eventId } as never;
    expect(earlierWrite(request, undefined)).toBeUndefined();
    expect(earlierWrite(undefined, { fingerprint: 'x', event })).toBeUndefined();
    expect(earlierWrite(request, { fingerprint: request!.fingerprint, event })).toBe(event);
    expect(() => earlierWrite(request, { fingerprint: requestFingerprint('POST /p', { a: 2 }), event })).toThrow(expect.objectContaining({ code: ApiErrorCode.KeyReused }));
  });

  it('keeps first answers of unrecorded requests for 24 h, a bounded number of them', () => {
    let now = 0;
    const answers = new RecentAnswers<string>(2, () => now);
    const r = (key: string, body = {}) => keyedRequest('c', key, 'POST /v1/what-if', body);
    answers.remember(r('k1'), 'first');
    answers.remember(r('k1'), 'second');
    expect(answers.earlier(r('k1'))).toBe('first');
    expect(() => answers.earlier(r('k1', { other: true }))).toThrow(expect.objectContaining({ code: ApiErrorCode.KeyReused }));
    now = 24 * 3600 * 1000 + 1;
    expect(answers.earlier(r('k1'))).toBeUndefined();
    answers.remember(r('a'), 'a');
    answers.remember(r('b'), 'b');
    answers.remember(r('c'), 'c');
    expect([answers.earlier(r('a')), answers.earlier(r('b')), answers.earlier(r('c'))]).toEqual([undefined, 'b', 'c']);
  });
});

/** The planner API's write path over a view and a publisher that stands in for the broker's acks. */
function api(view = viewWithProposal()) {
  const sent: OutgoingRecord[] = [];
  let failNext = 0;
  const broker = {
    publish: async (records: OutgoingRecord[]) => {
      if (failNext > 0) {
        failNext--;
        throw Object.assign(new Error('Connection error'), { name: 'KafkaJSConnectionError' });
      }
      sent.push(...records);
    },
  } as unknown as EventPublisher;
  const events = new PlannerEventsPublisher(broker, new ApiMetrics());
  const readModel = { view } as unknown as ReadModelService;
  const proposals = new ProposalsService(readModel, events, new KeyedLock(), new ApiMetrics());
  const loans = new LoansService(readModel, events, new KeyedLock(), new ApiMetrics());
  return { view, sent, proposals, loans, failOnce: () => (failNext = 1) };
}

function viewWithProposal(): PlannerView {
  const view = new PlannerView();
  for (const u of ['heli-1', 'heli-2']) view.applyRecord(TOPICS.units, unitEvent(u));
  view.applyRecord(TOPICS.proposals, proposedEvent(proposal('global', 1, [proposedLoan('loan-a', ['heli-1']), proposedLoan('loan-b', ['heli-2'])])));
  return view;
}

/** A new API process: the same topics read from the beginning, the records this one wrote included. */
function restarted(sent: OutgoingRecord[]): PlannerView {
  const view = viewWithProposal();
  for (const r of sent) view.applyRecord(r.topic, JSON.stringify(r.value), r.headers as Record<string, string>);
  return view;
}

describe('Idempotency-Key on the writes (issue 26 item 2)', () => {
  beforeAll(() => Logger.overrideLogger(false));
  const approve = { decision: 'approved' as const, loanIds: ['loan-a'], reason: 'crisis' };

  it('a repeated approval with the same key answers the first Decision and publishes once', async () => {
    const { proposals, sent } = api();
    const first = await proposals.decide('global:1', approve, approver, 'key-1');
    const again = await proposals.decide('global:1', { ...approve }, approver, 'key-1');
    expect(again).toEqual(first);
    expect(first.decisionId).toBe(keyedEventId(approver.identity, 'key-1'));
    expect(sent).toHaveLength(1);
    expect((sent[0].headers ?? {})[FINGERPRINT_HEADER]).toMatch(/^[0-9a-f]{64}$/);
    // Without a key, a second approval of the same loan is a conflict, as before.
    await expect(proposals.decide('global:1', approve, approver)).rejects.toMatchObject({ code: ApiErrorCode.Conflict });
  });

  it('the same key with another body answers 422, in this process and in a restarted one', async () => {
    const { proposals, sent } = api();
    await proposals.decide('global:1', approve, approver, 'key-2');
    await expect(proposals.decide('global:1', { ...approve, loanIds: ['loan-b'] }, approver, 'key-2')).rejects.toMatchObject({ code: ApiErrorCode.KeyReused });
    const other = api(restarted(sent));
    await expect(other.proposals.decide('global:1', { ...approve, reason: 'another' }, approver, 'key-2')).rejects.toMatchObject({ code: ApiErrorCode.KeyReused });
    expect(sent).toHaveLength(1);
    expect(other.sent).toHaveLength(0);
  });

  it('after a restart, a retry answers the first answer from what is on the topic and publishes nothing', async () => {
    const { proposals, loans, sent } = api();
    const decided = await proposals.decide('global:1', approve, approver, 'key-3');
    const after = api(restarted(sent));
    expect(await after.proposals.decide('global:1', approve, approver, 'key-3')).toEqual(decided);
    expect(after.sent).toHaveLength(0);

    await proposals.decide('global:1', { ...approve, loanIds: ['loan-b'] }, approver);
    const returned = await loans.recordReturn('loan-a', '2011-01-10T00:00:00Z', approver, 'key-4');
    const recalledFirst = await loans.recall('loan-b', '2011-01-05T00:00:00Z', 'needed at home', approver, 'key-5');
    const later = api(restarted(sent));
    expect(await later.loans.recordReturn('loan-a', '2011-01-10T00:00:00Z', approver, 'key-4')).toEqual(returned);
    expect(await later.loans.recall('loan-b', '2011-01-05T00:00:00Z', 'needed at home', approver, 'key-5')).toEqual(recalledFirst);
    await expect(later.loans.recall('loan-b', '2011-01-06T00:00:00Z', 'needed at home', approver, 'key-5')).rejects.toMatchObject({ code: ApiErrorCode.KeyReused });
    expect(later.sent).toHaveLength(0);
    expect(returned.eventId).toBe(keyedEventId(approver.identity, 'key-4'));
  });

  it('a 503 names the event id, and the retry with the same key writes that same id once', async () => {
    const { proposals, sent, failOnce } = api();
    failOnce();
    const error = await proposals.decide('global:1', approve, approver, 'key-6').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ApiErrorCode.Unavailable, eventId: keyedEventId(approver.identity, 'key-6') });
    expect((error as Error).message).toContain(keyedEventId(approver.identity, 'key-6'));
    const retried = await proposals.decide('global:1', approve, approver, 'key-6');
    expect(retried.decisionId).toBe(keyedEventId(approver.identity, 'key-6'));
    expect(sent.map((r) => (r.value as { id: string }).id)).toEqual([keyedEventId(approver.identity, 'key-6')]);
  });

  it('two callers using the same key do not meet', async () => {
    const { proposals, loans, sent } = api();
    await proposals.decide('global:1', { ...approve, loanIds: ['loan-a', 'loan-b'] }, approver);
    sent.length = 0;
    await loans.recall('loan-a', '2011-01-05T00:00:00Z', 'r', approver, 'shared');
    await expect(loans.recall('loan-b', '2011-01-05T00:00:00Z', 'r', { role: 'approver', identity: 'approver:0000bbbb' }, 'shared')).resolves.toMatchObject({ loanId: 'loan-b' });
    expect(new Set(sent.map((r) => (r.value as { id: string }).id)).size).toBe(2);
  });
});
