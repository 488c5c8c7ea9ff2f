import type { Mission, MissionStatus } from '@imc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MISSION_STATUSES } from '@imc/contracts';

// Response shapes of a mission; the nested shapes live with the one that holds them.
export class PositionDto {
  @ApiProperty() lat!: number;
  @ApiProperty() lon!: number;
}

export class ReceivingCapacityDto {
  @ApiProperty() personnel!: number;
  @ApiProperty() aircraft!: number;
}

/** A mission as recorded, with the status planning uses now. */
export class MissionDto implements Mission {
  @ApiProperty({ example: 'UNOCI' }) missionId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'CIV' }) hostState!: string;
  @ApiProperty({ example: 'west-africa' }) region!: string;
  @ApiProperty({ type: PositionDto }) hq!: PositionDto;
  @ApiProperty({ enum: MISSION_STATUSES, description: 'as recorded by the last imc.mission.upserted' }) status!: MissionStatus;
  @ApiProperty({ enum: MISSION_STATUSES, description: "'crisis' while one of its crises' window is open" }) effectiveStatus!: string;
  @ApiProperty({ type: ReceivingCapacityDto }) receivingCapacity!: ReceivingCapacityDto;
  @ApiPropertyOptional({ example: 7952, minimum: 0, description: '(v3) uniformed personnel deployed, the base of the share-on-loan limit; default: its units\' sum' }) uniformedStrength?: number;
  @ApiProperty() version!: number;
}
