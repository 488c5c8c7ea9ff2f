import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { AuthGuard } from '../auth/auth.guard';
import { ReadModelLoadedGuard } from '../read-model/read-model-loaded.guard';
import { RequireRole } from '../auth/require-role.decorator';
import { ErrorDto } from '../common/error.dto';
import { MissionDto } from './dto/mission.dto';
import { MissionPostureDto } from './dto/posture.dto';
import { MissionsService } from './missions.service';

@ApiTags('missions')
@ApiBearerAuth()
@ApiHeader({ name: 'x-correlation-id', required: false, description: 'echoed in the response, the logs and the Kafka headers of what the request publishes; one is made up if absent' })
@ApiUnauthorizedResponse({ type: ErrorDto, description: 'no token, or an unknown one' })
@ApiForbiddenResponse({ type: ErrorDto, description: 'the token role is too low' })
@Controller('v1/missions')
@UseGuards(AuthGuard, ReadModelLoadedGuard)
export class MissionsController {
  constructor(private readonly missions: MissionsService) {}

  @Get()
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Missions with their effective status' })
  @ApiOkResponse({ type: [MissionDto] })
  list(): MissionDto[] {
    return this.missions.list();
  }

  @Get(':missionId/posture')
  @RequireRole('viewer')
  @ApiOperation({ summary: 'Held, available, on loan out and in, and floor per capability' })
  @ApiOkResponse({ type: MissionPostureDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  posture(@Param('missionId') missionId: string): MissionPostureDto {
    return this.missions.posture(missionId);
  }
}
