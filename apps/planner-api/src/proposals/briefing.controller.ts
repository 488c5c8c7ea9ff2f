import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PDF_MEDIA_TYPE, XLSX_MEDIA_TYPE } from '@imc/platform/briefing';
import { PlannerRead } from '../auth/planner-endpoint.decorator';
import { ErrorDto } from '../common/error.dto';
import { BriefingFormat, BriefingService } from './briefing.service';

const CONTENTS = 'the proposal id, asOf and solver status; the map (missions\' HQs, loans as arrows from lender to borrower); the loans (from, to, units, arrival, coverage, cost, consents, critical path); the consents to secure with their last useful dates; the shortfalls with their reasons and best levers (the advice, when it can be had: computed now for the current proposal, within IMC_ADVICE_BUDGET_MS)';

const file = (proposalId: string, format: BriefingFormat, body: Buffer): StreamableFile =>
  new StreamableFile(body, {
    type: format === 'pdf' ? PDF_MEDIA_TYPE : XLSX_MEDIA_TYPE,
    disposition: `attachment; filename="briefing-${proposalId.replace(/[^A-Za-z0-9._-]+/g, '-')}.${format}"`,
    length: body.length,
  });

@ApiTags('proposals')
@ApiHeader({ name: 'x-correlation-id', required: false, description: 'echoed in the response and the logs; one is made up if absent' })
@Controller('v1/proposals')
export class BriefingController {
  constructor(private readonly briefing: BriefingService) {}

  @Get(':proposalId/briefing.pdf')
  @PlannerRead('viewer')
  @ApiOperation({ summary: 'A proposal\'s briefing to hand on, as an A4 PDF of one or two pages', description: `Holds ${CONTENTS}.` })
  @ApiOkResponse({ description: 'the briefing (a download: Content-Disposition attachment)', content: { [PDF_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'unknown proposal' })
  async pdf(@Param('proposalId') proposalId: string): Promise<StreamableFile> {
    return file(proposalId, 'pdf', await this.briefing.briefing(proposalId, 'pdf'));
  }

  @Get(':proposalId/briefing.xlsx')
  @PlannerRead('viewer')
  @ApiOperation({ summary: 'A proposal\'s briefing as a workbook: one sheet per table, typed cells', description: `Sheets Proposal, Loans, Consents to secure, Shortfalls and Levers; dates are dates, costs and counts numbers. Holds ${CONTENTS}.` })
  @ApiOkResponse({ description: 'the workbook (a download: Content-Disposition attachment)', content: { [XLSX_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary' } } } })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'unknown proposal' })
  async xlsx(@Param('proposalId') proposalId: string): Promise<StreamableFile> {
    return file(proposalId, 'xlsx', await this.briefing.briefing(proposalId, 'xlsx'));
  }
}
