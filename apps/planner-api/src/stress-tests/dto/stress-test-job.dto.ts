import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Capability, StressReport } from '@imc/contracts';

export class StressTestAcceptedDto {
  @ApiProperty({ example: 'stress-6f1c2d0e' }) jobId!: string;
}

class StressProgressDto {
  @ApiProperty({ example: 420 }) done!: number;
  @ApiProperty({ example: 1000, description: 'the samples; grows once the first pass knows how many pre-clearance re-runs there are' }) total!: number;
}

class StressMissionDto {
  @ApiProperty() missionId!: string;
  @ApiProperty({ description: 'share of samples in which the mission is short of anything' }) pShort!: number;
  @ApiProperty({ description: 'units short, averaged over all samples' }) expectedShortfall!: number;
  @ApiProperty({ description: 'nearest-rank 95th percentile of the units short' }) p95Shortfall!: number;
  @ApiProperty({ description: "(v3) units short in today's proposal, before any sampled crisis: the part of expectedShortfall every sample shares" })
  todayShortfall!: number;
}

class StressBaselineDto {
  @ApiProperty({ example: 7, description: "(v3) units short in today's proposal, before any sampled crisis" }) todayShortfall!: number;
  @ApiProperty({ example: 15.833, description: "(v3) units short, averaged over the samples (today's included): what a pre-clearance bundle must lower" })
  expectedShortfall!: number;
}

class StressDonorDto {
  @ApiProperty() missionId!: string;
  @ApiProperty() capability!: Capability;
  @ApiProperty({ description: 'share of samples in which it lends this capability' }) pLends!: number;
  @ApiProperty({ description: 'units lent, averaged over all samples' }) meanUnits!: number;
}

class StressFloorDto {
  @ApiProperty() missionId!: string;
  @ApiProperty() capability!: Capability;
  @ApiProperty({ description: 'share of samples in which a short demand names this floor as its reason while it keeps available units home (v3: a mission with no available unit left to lend has no binding floor)' })
  pBinding!: number;
}

class StressConsentDto {
  @ApiProperty({ example: 'contributor:PAK + council:UNSC', description: 'the consent, or (v3) the bundle: its items joined by " + "' }) item!: string;
  @ApiProperty() fromMission!: string;
  @ApiProperty() toMission!: string;
  @ApiPropertyOptional({ type: [String], example: ['contributor:PAK', 'council:UNSC'], description: '(v3) the bundle: every consent the pair lacks, granted together' })
  items?: string[];
  @ApiProperty() pOnCriticalPath!: number;
  @ApiProperty({ description: 'missing, refused, expired or too late for a demand left short' }) pBlocking!: number;
  @ApiProperty({ description: 'the total expected shortfall with this bundle granted now, measured on the same samples; (v3) always below baseline.expectedShortfall' })
  expectedShortfallIfGrantedNow!: number;
}

export class StressReportDto implements StressReport {
  @ApiProperty() samples!: number;
  @ApiProperty() seed!: number;
  @ApiProperty() asOf!: string;
  @ApiProperty() horizonDays!: number;
  @ApiProperty({ type: StressBaselineDto, description: "(v3) today's shortfall, then the expected one over the samples" }) baseline!: StressBaselineDto;
  @ApiProperty({ type: [StressMissionDto] }) missions!: StressMissionDto[];
  @ApiProperty({ type: [StressDonorDto] }) donors!: StressDonorDto[];
  @ApiProperty({ type: [StressFloorDto] }) floors!: StressFloorDto[];
  @ApiProperty({ type: [StressConsentDto], description: 'the pre-clearance list, best first: (v3) consent bundles whose grant now lowers the expected shortfall below baseline.expectedShortfall, only' })
  consents!: StressConsentDto[];
}

export class StressTestJobDto {
  @ApiProperty() jobId!: string;
  @ApiProperty({ enum: ['running', 'done', 'failed'] }) status!: 'running' | 'done' | 'failed';
  @ApiProperty({ type: StressProgressDto }) progress!: StressProgressDto;
  @ApiPropertyOptional({ type: StressReportDto }) report?: StressReportDto;
  @ApiPropertyOptional({ description: 'why a failed job failed; `cancelled by …` for a cancelled one' }) error?: string;
}
