import { ApiProperty } from '@nestjs/swagger';
import { CAPABILITIES, MISSION_STATUSES } from '@imc/contracts';

// Response shapes of a mission's posture; the row shape lives with the one that holds it.
export class CapabilityPostureDto {
  @ApiProperty({ enum: CAPABILITIES }) capability!: string;
  @ApiProperty({ description: 'units of this capability whose home is the mission' }) held!: number;
  @ApiProperty({ description: 'at home and available' }) available!: number;
  @ApiProperty({ description: 'lent to other missions, not yet returned' }) onLoanOut!: number;
  @ApiProperty({ description: 'borrowed from other missions, not yet returned' }) onLoanIn!: number;
  @ApiProperty({ description: 'units the mission keeps at home: max(minCount, ceil(minFraction x held)) of its reserve floor rule; above held where the rule\'s minCount is (then it lends none). (v3) Its own open demand is not added: lending against it is priced as a moved gap' }) floor!: number;
  @ApiProperty({ description: 'available above the floor' }) lendable!: number;
  @ApiProperty({ description: 'lent in the current proposal' }) proposedOut!: number;
}

export class MissionPostureDto {
  @ApiProperty() missionId!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'the world\'s now; null before any event' }) asOf!: string | null;
  @ApiProperty({ enum: MISSION_STATUSES }) effectiveStatus!: string;
  @ApiProperty({ type: [CapabilityPostureDto] }) capabilities!: CapabilityPostureDto[];
}
