import { Injectable, Logger } from '@nestjs/common';
import { CloudEvent, Loan, LoanExtended, LoanRecalled, LoanReturned, LoanStatus, parseInstant } from '@imc/contracts';
import type { Caller } from '../auth/role';
import { KeyedLock } from '../common/keyed-lock';
import { DomainError, Outcome } from '../common/domain-error';
import { ApiError } from '../http/api-error';
import { currentCorrelationId } from '../http/request-context';
import { earlierWrite, KeyedRequest, keyedRequest } from '../idempotency/idempotency-key';
import { ApiMetrics } from '../metrics/api-metrics';
import { checkReturn } from '../proposals/decision-rules';
import { eventTime } from '../proposals/proposals.service';
import { PlannerEventsPublisher } from '../publishing/planner-events.publisher';
import { ReadModelService } from '../read-model/read-model.service';
import { ExtendAcceptedDto } from './dto/extend-accepted.dto';
import { RecallAcceptedDto } from './dto/recall-accepted.dto';
import { ReturnAcceptedDto } from './dto/return-accepted.dto';

@Injectable()
export class LoansService {
  private readonly logger = new Logger(LoansService.name);
  /**
   * Recalls this process published and has not read back yet: the read model's World learns of a
   * recall only from the topic, and a second click meanwhile must still answer 409.
   */
  private readonly recalledHere = new Map<string, string>();

  constructor(
    private readonly readModel: ReadModelService,
    private readonly events: PlannerEventsPublisher,
    private readonly lock: KeyedLock,
    private readonly metrics: ApiMetrics,
  ) {}

  list(status?: LoanStatus): Loan[] {
    return this.readModel.view.listLoans(status);
  }

  /** Records that a loan's units are back home; one return per loan. */
  async recordReturn(loanId: string, returnedAt: string, caller: Caller, idempotencyKey?: string): Promise<ReturnAcceptedDto> {
    const view = this.readModel.view;
    const answerOf = (event: CloudEvent<LoanReturned>) => ({ loanId: event.data.loanId, returnedAt: event.data.returnedAt, eventId: event.id });
    return this.keyedLoanWrite(loanId, caller, idempotencyKey, 'return', { returnedAt }, answerOf, async (keyed) => {
      try {
        checkReturn(loanId, view.loanState(loanId), returnedAt, view.approvedAt(loanId));
      } catch (error) {
        if (error instanceof DomainError && error.code === Outcome.Conflict) this.metrics.decisionConflicts.inc();
        throw error;
      }
      const ms = parseInstant(returnedAt);
      // The DTO's rule is the same one, so this only guards a call that bypassed the pipe.
      if (ms === undefined) throw ApiError.invalid('invalid request: returnedAt', [{ field: 'returnedAt', messages: ['returnedAt must be an RFC 3339 date-time'] }]);
      const at = new Date(ms).toISOString();
      const event = await this.events.returned({ loanId, returnedAt: at }, eventTime(view.world.asOf), keyed);
      view.recordPublishedReturn(event.id, { loanId, returnedAt: at });
      if (keyed) view.recordKeyedWrite(keyed.fingerprint, event);
      this.logger.log({ msg: 'return recorded', loanId, returnedAt: at, correlationId: currentCorrelationId() });
      return { loanId, returnedAt: at, eventId: event.id };
    });
  }

  /**
   * A write on one loan that a client may retry with an `Idempotency-Key`: the first answer again
   * if that key wrote already (looked up before and, under the loan's lock, again), else `write`
   * under the lock of the loan and of the key, so that two requests on one loan are judged one
   * after the other.
   */
  private async keyedLoanWrite<E, A>(
    loanId: string,
    caller: Caller,
    idempotencyKey: string | undefined,
    action: string,
    body: Record<string, unknown>,
    answerOf: (event: CloudEvent<E>) => A,
    write: (keyed: KeyedRequest | undefined) => Promise<A>,
  ): Promise<A> {
    const view = this.readModel.view;
    const keyed = keyedRequest(caller.identity, idempotencyKey, `POST /v1/loans/${loanId}/${action}`, body);
    const earlier = (): A | undefined => {
      const event = earlierWrite(keyed, keyed && view.keyedWrite(keyed.eventId)) as CloudEvent<E> | undefined;
      return event && answerOf(event);
    };
    const first = earlier();
    if (first) return first;
    return this.lock.run([`loan:${loanId}`, ...(keyed ? [`key:${keyed.eventId}`] : [])], async () => earlier() ?? write(keyed));
  }

  /** A 409 for a loan in the wrong state, counted on /metrics. */
  private conflict(message: string): ApiError {
    this.metrics.decisionConflicts.inc();
    return ApiError.conflict(message);
  }

  /**
   * Ends a loan early: 404 for a loan nobody approved, 409 for one returned or recalled already.
   * A second API process racing on the same loan may publish a second recall; the allocator
   * refuses it (dead-lettered with the reason), so the loan is recalled once.
   */
  async recall(loanId: string, recalledAt: string, reason: string, caller: Caller, idempotencyKey?: string): Promise<RecallAcceptedDto> {
    const view = this.readModel.view;
    const answerOf = (event: CloudEvent<LoanRecalled>) => ({ loanId: event.data.loanId, recalledAt: event.data.recalledAt, reason: event.data.reason, eventId: event.id });
    return this.keyedLoanWrite(loanId, caller, idempotencyKey, 'recall', { recalledAt, reason }, answerOf, async (keyed) => {
      const state = view.loanState(loanId);
      if (!state.known && !state.approved) throw ApiError.notFound(`loan ${loanId} not found`);
      const conflict = (message: string) => this.conflict(message);
      if (state.returnedAt !== undefined) throw conflict(`loan ${loanId} is already returned (${state.returnedAt})`);
      const record = view.world.loans().find((l) => l.loanId === loanId);
      const already = record?.recalledAt ?? this.recalledHere.get(loanId) ?? (view.loan(loanId)?.status === 'recalled' ? 'earlier' : undefined);
      if (already !== undefined) throw conflict(`loan ${loanId} is already recalled (${already})`);
      const ms = parseInstant(recalledAt);
      if (ms === undefined) throw ApiError.invalid('invalid request: recalledAt', [{ field: 'recalledAt', messages: ['recalledAt must be an RFC 3339 date-time'] }]);
      const at = new Date(ms).toISOString();
      const approvedAt = view.approvedAt(loanId);
      if (approvedAt !== undefined && ms < (parseInstant(approvedAt) ?? Number.NaN)) {
        throw ApiError.invalid(`recalledAt ${recalledAt} is before the loan was approved (${approvedAt})`, [{ field: 'recalledAt', messages: [`recalledAt must not be before approvedAt ${approvedAt}`] }]);
      }
      const event = await this.events.recalled({ loanId, recalledAt: at, reason }, eventTime(view.world.asOf), keyed);
      this.recalledHere.set(loanId, at);
      if (keyed) view.recordKeyedWrite(keyed.fingerprint, event);
      this.logger.log({ msg: 'recall recorded', loanId, recalledAt: at, correlationId: currentCorrelationId() });
      return { loanId, recalledAt: at, reason, eventId: event.id };
    });
  }

  /**
   * (v3) Moves an approved loan's return date later: 404 for a loan nobody approved; 409 for one
   * not under way (returned, recalled, lapsed), a date not later than its return date, past a
   * consent's validity (the answer names the consent to renew, in words) or past the loan's
   * natural end. The check is the World's own (extensionCheck), at the world's "now", which is
   * also the event's time, so the allocator applies the event with the same verdict.
   */
  async extend(loanId: string, returnBy: string, reason: string, caller: Caller, idempotencyKey?: string): Promise<ExtendAcceptedDto> {
    const view = this.readModel.view;
    const answerOf = (event: CloudEvent<LoanExtended>) => ({ loanId: event.data.loanId, returnBy: event.data.returnBy, extendedAt: event.data.extendedAt, reason: event.data.reason, eventId: event.id });
    return this.keyedLoanWrite(loanId, caller, idempotencyKey, 'extend', { returnBy, reason }, answerOf, async (keyed) => {
      const state = view.loanState(loanId);
      if (!state.known && !state.approved) throw ApiError.notFound(`loan ${loanId} not found`);
      const conflict = (message: string) => this.conflict(message);
      if (state.returnedAt !== undefined) throw conflict(`loan ${loanId} is not under way: it was returned on ${state.returnedAt.slice(0, 10)}`);
      const recalled = this.recalledHere.get(loanId);
      if (recalled !== undefined) throw conflict(`loan ${loanId} is not under way: it was recalled on ${recalled.slice(0, 10)}`);
      const ms = parseInstant(returnBy);
      if (ms === undefined) throw ApiError.invalid('invalid request: returnBy', [{ field: 'returnBy', messages: ['returnBy must be an RFC 3339 date-time'] }]);
      const to = new Date(ms).toISOString();
      const at = eventTime(view.world.asOf);
      const verdict = view.world.extensionCheck(loanId, to, at);
      if (!verdict.ok) {
        // Approved but not read back yet: the World does not hold it, so there is nothing to check against.
        if (verdict.kind === 'unknown') throw conflict(`loan ${loanId} is approved but not yet on the loan book; try again in a moment`);
        throw conflict(verdict.reason);
      }
      const event = await this.events.extended({ loanId, returnBy: to, extendedAt: at, reason }, keyed);
      if (keyed) view.recordKeyedWrite(keyed.fingerprint, event);
      this.logger.log({ msg: 'extension recorded', loanId, returnBy: to, extendedAt: at, correlationId: currentCorrelationId() });
      return { loanId, returnBy: to, extendedAt: at, reason, eventId: event.id };
    });
  }
}
