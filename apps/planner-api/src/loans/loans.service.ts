import { Injectable, Logger } from '@nestjs/common';
import { Loan, LoanStatus, parseInstant } from '@imc/contracts';
import { KeyedLock } from '../common/keyed-lock';
import { ApiError } from '../http/api-error';
import { currentCorrelationId } from '../http/request-context';
import { ApiMetrics } from '../metrics/api-metrics';
import { checkReturn } from '../proposals/decision-rules';
import { PlannerEventsPublisher } from '../publishing/planner-events.publisher';
import { ReadModelService } from '../read-model/read-model.service';
import { ReturnAcceptedDto } from './dto/return-accepted.dto';

@Injectable()
export class LoansService {
  private readonly logger = new Logger(LoansService.name);

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
  async recordReturn(loanId: string, returnedAt: string): Promise<ReturnAcceptedDto> {
    const view = this.readModel.view;
    return this.lock.run([`loan:${loanId}`], async () => {
      try {
        checkReturn(loanId, view.loanState(loanId), returnedAt, view.approvedAt(loanId));
      } catch (error) {
        if (error instanceof ApiError && error.code === 'conflict') this.metrics.decisionConflicts.inc();
        throw error;
      }
      const ms = parseInstant(returnedAt);
      // The DTO's rule is the same one, so this only guards a call that bypassed the pipe.
      if (ms === undefined) throw ApiError.invalid('invalid request: returnedAt', [{ field: 'returnedAt', messages: ['returnedAt must be an RFC 3339 date-time'] }]);
      const at = new Date(ms).toISOString();
      const event = await this.events.returned({ loanId, returnedAt: at });
      view.recordPublishedReturn(event.id, { loanId, returnedAt: at });
      this.logger.log({ msg: 'return recorded', loanId, returnedAt: at, correlationId: currentCorrelationId() });
      return { loanId, returnedAt: at, eventId: event.id };
    });
  }
}
