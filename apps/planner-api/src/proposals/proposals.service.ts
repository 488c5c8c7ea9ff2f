import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Decision, parseInstant } from '@imc/contracts';
import type { Caller } from '../auth/role';
import { KeyedLock } from '../common/keyed-lock';
import { DomainError, Outcome } from '../common/domain-error';
import { ApiError } from '../http/api-error';
import { currentCorrelationId } from '../http/request-context';
import { earlierWrite, keyedRequest } from '../idempotency/idempotency-key';
import { ApiMetrics } from '../metrics/api-metrics';
import { PlannerEventsPublisher } from '../publishing/planner-events.publisher';
import { PLANNING_SCOPE, ProposalView } from '../read-model/planner-view';
import { ReadModelService } from '../read-model/read-model.service';
import { checkDecision } from './decision-rules';
import { DecisionRequestDto } from './dto/decision-request.dto';

/** Reading proposals and deciding on their loans. */
@Injectable()
export class ProposalsService {
  private readonly logger = new Logger(ProposalsService.name);

  constructor(
    private readonly readModel: ReadModelService,
    private readonly events: PlannerEventsPublisher,
    private readonly lock: KeyedLock,
    private readonly metrics: ApiMetrics,
  ) {}

  list(filter: { status?: 'pending' | 'superseded'; scope?: string; limit?: number }): ProposalView[] {
    const view = this.readModel.view;
    return view.listProposals(filter).slice(0, filter.limit ?? 100).map((p) => view.view(p));
  }

  current(scope?: string): ProposalView {
    const view = this.readModel.view;
    const chosen = scope ?? (view.currentProposal(PLANNING_SCOPE) ? PLANNING_SCOPE : view.listProposals({ status: 'pending' })[0]?.scope);
    const proposal = chosen === undefined ? undefined : view.currentProposal(chosen);
    if (!proposal) throw ApiError.notFound(scope ? `no proposal for scope ${scope} yet` : 'no proposal yet: the allocator has not published one');
    return view.view(proposal);
  }

  get(proposalId: string): ProposalView {
    const proposal = this.readModel.view.proposal(proposalId);
    if (!proposal) throw ApiError.notFound(`proposal ${proposalId} not found`);
    return this.readModel.view.view(proposal);
  }

  /**
   * Checks and publishes a decision. Decisions touching the same loan or unit run one at a time
   * in this process, and each re-reads the state inside the lock, so of two approvers racing on a
   * loan the second gets 409. (Across API instances the allocator's World refuses a second
   * approval of a loan or of a unit already on loan, so there is never a second loan either.)
   */
  async decide(proposalId: string, request: DecisionRequestDto, caller: Caller, idempotencyKey?: string): Promise<Decision> {
    const view = this.readModel.view;
    // A retry of a keyed request answers what the first one did, whatever happened since.
    const keyed = keyedRequest(caller.identity, idempotencyKey, `POST /v1/proposals/${proposalId}/decisions`, request);
    const earlier = () => earlierWrite(keyed, keyed && view.keyedWrite(keyed.eventId))?.data as Decision | undefined;
    const first = earlier();
    if (first) return first;
    const named = view.proposal(proposalId);
    if (!named) throw ApiError.notFound(`proposal ${proposalId} not found`);
    const units = named.loans.filter((l) => request.loanIds.includes(l.loanId)).flatMap((l) => l.unitIds.map((u) => `unit:${u}`));
    return this.lock.run([...request.loanIds.map((id) => `loan:${id}`), ...units, ...(keyed ? [`key:${keyed.eventId}`] : [])], async () => {
      const meanwhile = earlier();
      if (meanwhile) return meanwhile;
      try {
        checkDecision(
          {
            proposalId,
            proposal: view.proposal(proposalId),
            current: view.currentProposal(named.scope),
            loanState: (id) => view.loanState(id),
            busyUnits: view.busyUnits(),
            isRejectedPairing: (u, d) => view.isRejectedPairing(u, d),
            approvalBlocker: (loan) => view.world.approvalBlocker(loan),
          },
          request,
        );
      } catch (error) {
        if (error instanceof DomainError && error.code === Outcome.Conflict) this.metrics.decisionConflicts.inc();
        throw error;
      }
      const decision: Decision = {
        decisionId: keyed?.eventId ?? randomUUID(),
        proposalId,
        loanIds: [...request.loanIds],
        decision: request.decision,
        reviewer: caller.identity,
        ...(request.reason !== undefined ? { reason: request.reason } : {}),
        version: 1,
      };
      const event = await this.events.decided(decision, eventTime(view.world.asOf, named.asOf), keyed);
      view.recordPublishedDecision(event.id, decision);
      if (keyed) view.recordKeyedWrite(keyed.fingerprint, event);
      this.logger.log({ msg: 'decision recorded', decisionId: decision.decisionId, proposalId, decision: decision.decision, loans: decision.loanIds.length, reviewer: caller.identity, correlationId: currentCorrelationId() });
      return decision;
    });
  }
}

/**
 * Event time, not wall time: a decision happens at the world's "now" (the latest input event), so
 * that deciding on a replayed 2010 scenario does not move its planning clock to today.
 */
export function eventTime(...candidates: (string | undefined)[]): string {
  const times = candidates.map((t) => parseInstant(t)).filter((t): t is number => t !== undefined);
  return new Date(times.length > 0 ? Math.max(...times) : Date.now()).toISOString();
}
