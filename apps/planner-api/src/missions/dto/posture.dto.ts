import { ApiProperty } from '@nestjs/swagger';
import { CAPABILITIES, MISSION_STATUSES } from '@imc/contracts';

// Response shapes of a mission's posture; the row shape lives with the one that holds it.
export class CapabilityPostureDto {
  @ApiProperty({ enum: CAPABILITIES }) capability!: string;
  @ApiProperty({ description: 'units of this capability whose home is the mission' }) held!: number;
  @ApiProperty({ description: 'at home and available' }) available!: number;
  @ApiProperty({ description: 'lent to other missions, not yet returned' }) onLoanOut!: number;
  @ApiProperty({ description: 'borrowed from other missions, not yet returned' }) onLoanIn!: number;
  @ApiProperty({ description: 'units the mission keeps: reserve floor plus its own open demand' }) floor!: number;
  @ApiProperty({ description: 'available above the floor' }) lendable!: number;
  @ApiProperty({ description: 'lent in the current proposal' }) proposedOut!: number;
}

export class MissionPostureDto {
  @ApiProperty() missionId!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'the world\'s now; null before any event' }) asOf!: string | null;
  @ApiProperty({ enum: MISSION_STATUSES }) effectiveStatus!: string;
  @ApiProperty({ type: [CapabilityPostureDto] }) capabilities!: CapabilityPostureDto[];
}
