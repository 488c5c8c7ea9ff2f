import { Controller, Get, Param } from '@nestjs/common';
import { ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PlannerRead } from '../auth/planner-endpoint.decorator';
import { ErrorDto } from '../common/error.dto';
import { MissionDto } from './dto/mission.dto';
import { MissionPostureDto } from './dto/posture.dto';
import { MissionsService } from './missions.service';

@ApiTags('missions')
@ApiHeader({ name: 'x-correlation-id', required: false, description: 'echoed in the response, the logs and the Kafka headers of what the request publishes; one is made up if absent' })
@Controller('v1/missions')
export class MissionsController {
  constructor(private readonly missions: MissionsService) {}

  @Get()
  @PlannerRead('viewer')
  @ApiOperation({ summary: 'Missions with their effective status' })
  @ApiOkResponse({ type: [MissionDto] })
  list(): MissionDto[] {
    return this.missions.list();
  }

  @Get(':missionId/posture')
  @PlannerRead('viewer')
  @ApiOperation({ summary: 'Held, available, on loan out and in, and floor per capability' })
  @ApiOkResponse({ type: MissionPostureDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  posture(@Param('missionId') missionId: string): MissionPostureDto {
    return this.missions.posture(missionId);
  }
}
