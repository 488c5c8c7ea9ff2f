import type { Capability, UnitStatus } from '@imc/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CAPABILITIES, CRISIS_KINDS, UNIT_STATUSES } from '@imc/contracts';
import { PositionDto } from '../../missions/dto/mission.dto';

// Response shapes of GET /v1/places (an addition beyond the contract's section 4): the places the
// engine measures distances between. Nested shapes live with the one that holds them.

export class PlaceDto {
  @ApiPropertyOptional({ example: 'Goma', description: 'as recorded; absent for a mission\'s hq' }) name?: string;
  @ApiProperty({ example: -1.68 }) lat!: number;
  @ApiProperty({ example: 29.22 }) lon!: number;
}

export class BasedUnitDto {
  @ApiProperty({ example: 'MONUSCO-heli-IND-1' }) unitId!: string;
  @ApiProperty({ enum: CAPABILITIES }) capability!: Capability;
  @ApiProperty({ example: 'IND', description: 'ISO3 of the contributing country, COMMERCIAL or UN' }) contributor!: string;
  @ApiProperty({ enum: UNIT_STATUSES }) status!: UnitStatus;
  @ApiPropertyOptional({ example: 'loan-1a2b3c4d5e6f', description: 'the loan the unit is away on (not returned, or recalled and not home yet)' }) onLoan?: string;
}

export class BaseDto extends PlaceDto {
  @ApiProperty({ description: 'true for the units recorded without a location of their own, which the engine places at their mission\'s hq' }) atHq!: boolean;
  @ApiProperty({ type: [BasedUnitDto], description: 'the units based here, by unitId' }) units!: BasedUnitDto[];
}

export class MissionPlacesDto {
  @ApiProperty({ example: 'MONUSCO' }) missionId!: string;
  @ApiProperty({ type: PositionDto }) hq!: PositionDto;
  @ApiProperty({ type: [BaseDto], description: 'where the mission\'s units are based, one entry per place (name, lat, lon); the hq first when units are there' }) bases!: BaseDto[];
}

export class CrisisSiteDto {
  @ApiProperty({ example: 'kivu-2012' }) crisisId!: string;
  @ApiProperty({ example: 'MONUSCO' }) missionId!: string;
  @ApiProperty({ enum: CRISIS_KINDS }) kind!: string;
  @ApiProperty({ example: '2012-11-20T00:00:00.000Z', format: 'date-time' }) start!: string;
  @ApiProperty({ example: '2013-03-31T00:00:00.000Z', format: 'date-time' }) end!: string;
  @ApiProperty({ type: PlaceDto, description: 'the crisis\'s site, else its mission\'s hq' }) site!: PlaceDto;
  @ApiProperty({ enum: ['crisis', 'hq'], description: 'which record the site comes from' }) siteFrom!: 'crisis' | 'hq';
}

export class DemandSiteDto {
  @ApiProperty({ example: 'kivu-2012/utility-helicopter' }) demandId!: string;
  @ApiProperty({ example: 'MONUSCO' }) missionId!: string;
  @ApiPropertyOptional({ example: 'kivu-2012' }) crisisId?: string;
  @ApiProperty({ enum: CAPABILITIES }) capability!: Capability;
  @ApiProperty({ description: 'planned now (raised and not withdrawn, or of an unresolved crisis, window not over); a closed one is listed because a loan under way or the current proposal points at it' }) open!: boolean;
  @ApiProperty({ type: PlaceDto, description: 'where the demand is needed, which distances are measured to: its own site, else its crisis\'s, else its mission\'s hq' }) site!: PlaceDto;
  @ApiProperty({ enum: ['demand', 'crisis', 'hq'], description: 'which record the site comes from' }) siteFrom!: 'demand' | 'crisis' | 'hq';
}

export class PlacesDto {
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'the world\'s now; null before any event' }) asOf!: string | null;
  @ApiProperty({ type: [MissionPlacesDto], description: 'every mission, by missionId, with its units\' bases' }) missions!: MissionPlacesDto[];
  @ApiProperty({ type: [CrisisSiteDto], description: 'crises not resolved, by crisisId' }) crises!: CrisisSiteDto[];
  @ApiProperty({ type: [DemandSiteDto], description: 'the open demands, and the closed ones a loan under way or the current proposal lends to, by demandId' }) demands!: DemandSiteDto[];
}
