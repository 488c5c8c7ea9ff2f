import { Injectable } from '@nestjs/common';
import { briefingPdf, BriefingInput, briefingXlsx } from '@imc/platform/briefing';
import { AdviceService } from '../advice/advice.service';
import { ApiError } from '../http/api-error';
import { ReadModelService } from '../read-model/read-model.service';
import { ProposalsService } from './proposals.service';

export type BriefingFormat = 'pdf' | 'xlsx';

/**
 * A proposal's briefing (issue 27, section 3): the proposal as GET /v1/proposals/{id} answers it,
 * the missions' HQs for the map, and the advice when it can be had (kept, or computed now for the
 * current proposal); a superseded proposal whose advice was never asked for is briefed without
 * it, and the briefing says why.
 */
@Injectable()
export class BriefingService {
  constructor(
    private readonly proposals: ProposalsService,
    private readonly advice: AdviceService,
    private readonly readModel: ReadModelService,
  ) {}

  async briefing(proposalId: string, format: BriefingFormat): Promise<Buffer> {
    const proposal = this.proposals.get(proposalId);
    const input: BriefingInput = { proposal, missions: this.readModel.view.world.missions(), currency: proposal.currency };
    try {
      input.advice = await this.advice.advice(proposalId);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      input.adviceUnavailable = error.message;
    }
    return format === 'pdf' ? briefingPdf(input) : briefingXlsx(input);
  }
}
