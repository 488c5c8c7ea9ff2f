import { Injectable, Logger } from '@nestjs/common';
import { parseEvent } from '@imc/contracts';
import { planScenario } from '@imc/domain';
import { planProposal } from '@imc/optimizer';
import { AppConfig } from '@imc/platform';
import { ApiError } from '../http/api-error';
import { currentCorrelationId } from '../http/request-context';
import { keyedRequest } from '../idempotency/idempotency-key';
import { RecentAnswers } from '../idempotency/recent-answers';
import type { Caller } from '../auth/role';
import { ApiMetrics } from '../metrics/api-metrics';
import { PLANNING_SCOPE } from '../read-model/planner-view';
import { ReadModelService } from '../read-model/read-model.service';
import { WhatIfProposalDto } from './dto/what-if-proposal.dto';

/**
 * The same engine as the allocator and the command line, run in-process on a copy of the current
 * World plus the caller's events, re-planning as time advances exactly as a replay would.
 * Publishes nothing: the copy is dropped when the answer is sent.
 */
@Injectable()
export class WhatIfService {
  private readonly logger = new Logger(WhatIfService.name);
  /** First answers of keyed what-ifs: a retry gets the same proposal, not one of a later world. */
  private readonly answers = new RecentAnswers<WhatIfProposalDto>(100);

  constructor(
    private readonly readModel: ReadModelService,
    private readonly config: AppConfig,
    private readonly metrics: ApiMetrics,
  ) {}

  async run(events: Record<string, unknown>[], caller?: Caller, idempotencyKey?: string): Promise<WhatIfProposalDto> {
    const keyed = caller ? keyedRequest(caller.identity, idempotencyKey, 'POST /v1/what-if', { events }) : undefined;
    const first = this.answers.earlier(keyed);
    if (first) return first;
    const answer = await this.plan(events);
    this.answers.remember(keyed, answer);
    return answer;
  }

  private async plan(events: Record<string, unknown>[]): Promise<WhatIfProposalDto> {
    const errors = events.flatMap((event, index) => {
      const parsed = parseEvent(event);
      return parsed.ok ? [] : [{ field: `events[${index}]`, messages: [parsed.reason] }];
    });
    if (errors.length > 0) throw ApiError.invalid(`invalid events: ${errors.map((e) => e.field).join(', ')}`, errors);

    const started = Date.now();
    const world = this.readModel.view.world.clone();
    const basedOn = world.latestProposal;
    const engine = this.config.IMC_SOLVER;
    const run = await planScenario(events.map((e) => JSON.stringify(e)).join('\n'), {
      scope: PLANNING_SCOPE,
      world,
      plan: (problem, options) => planProposal(problem, { ...options, engine }),
    });
    const proposal = run.proposals[run.proposals.length - 1] ?? basedOn;
    if (!proposal) throw ApiError.notFound('nothing to plan: the world holds no state yet');
    const ms = Date.now() - started;
    this.metrics.whatIfSeconds.observe(ms / 1000);
    this.logger.log({ msg: 'what-if planned', events: events.length, proposals: run.proposals.length, ms, correlationId: currentCorrelationId() });
    // Line n of the joined text is event n - 1.
    const lines = (list: { line: number; reason: string }[]) => list.map((l) => ({ index: l.line - 1, reason: l.reason }));
    return {
      ...proposal,
      status: 'pending',
      decisions: [],
      whatIf: { basedOn: basedOn?.proposalId ?? null, events: events.length, changed: run.proposals.length > 0, rejected: lines(run.rejected), notes: lines(run.notes), ms },
    };
  }
}
