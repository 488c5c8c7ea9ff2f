import { Injectable, Logger } from '@nestjs/common';
import type { Advice } from '@imc/contracts';
import { computeAdvice } from '@imc/optimizer';
import { AppConfig } from '@imc/platform';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { currentCorrelationId } from '../http/request-context';
import { ReadModelService } from '../read-model/read-model.service';
import { AdviceVariants } from './advice-variants';
import { errorMessage } from '@imc/contracts';

/** Complete answers kept, for the most recent proposals asked about. */
const KEPT = 20;

/**
 * Advice on a proposal (CONTRACT.md, GET /v1/proposals/{id}/advice), computed once and kept:
 * - measured on the world the proposal was planned from, which the read model holds only while
 *   the proposal is current; a superseded proposal has advice only if it was asked for in time
 *   (else 409, naming the current one);
 * - the first request waits for the computation (the budget, IMC_ADVICE_BUDGET_MS, bounds it);
 *   requests meanwhile wait for the same computation rather than start another;
 * - a complete answer is kept; one cut short by the budget is answered but not kept, so that the
 *   next request may measure every lever.
 */
@Injectable()
export class AdviceService {
  private readonly logger = new Logger(AdviceService.name);
  private readonly kept = new Map<string, Promise<Advice>>();

  constructor(
    private readonly readModel: ReadModelService,
    private readonly config: AppConfig,
    private readonly variants: AdviceVariants,
  ) {}

  advice(proposalId: string): Promise<Advice> {
    const view = this.readModel.view;
    if (!view.proposal(proposalId)) throw ApiError.notFound(`proposal ${proposalId} not found`);
    const kept = this.kept.get(proposalId);
    if (kept) return kept;
    const latest = view.world.latestProposal;
    if (!latest || latest.proposalId !== proposalId) {
      throw ApiError.conflict(
        `proposal ${proposalId} is superseded by ${latest?.proposalId ?? 'a proposal of another scope'}: advice is measured on the world a proposal was planned from; ask for the current proposal's`,
      );
    }
    const pending = this.compute(proposalId);
    this.keep(proposalId, pending);
    return pending;
  }

  private async compute(proposalId: string): Promise<Advice> {
    // A copy: the live world moves on while the variants are planned.
    const world = this.readModel.view.world.clone();
    const proposal = world.latestProposal;
    if (!proposal) throw ApiError.notFound(`proposal ${proposalId} not found`);
    try {
      const { advice } = await computeAdvice(world, proposal, { run: this.variants.runner(world, proposal.scope), budgetMs: this.config.IMC_ADVICE_BUDGET_MS });
      if (!advice.complete) this.kept.delete(proposalId);
      this.logger.log({ msg: 'advice computed', proposalId, levers: advice.levers.length, candidates: advice.candidates, measured: advice.measured, complete: advice.complete, ms: advice.computedMs, correlationId: currentCorrelationId() });
      return { ...advice, currency: world.policy.currency ?? 'USD' };
    } catch (error) {
      this.kept.delete(proposalId);
      this.logger.error({ msg: 'advice failed', proposalId, error: errorMessage(error), correlationId: currentCorrelationId() });
      throw new ApiError(ApiErrorCode.Unavailable, `advice on ${proposalId} could not be computed now; try again`);
    }
  }

  private keep(proposalId: string, advice: Promise<Advice>): void {
    this.kept.set(proposalId, advice);
    while (this.kept.size > KEPT) {
      const oldest = this.kept.keys().next().value;
      if (oldest === undefined) break;
      this.kept.delete(oldest);
    }
  }
}
