import { Controller, Get } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PlannerRead } from '../auth/planner-endpoint.decorator';
import { PlacesDto } from './dto/places.dto';
import { PlacesService } from './places.service';

@ApiTags('places')
@ApiHeader({ name: 'x-correlation-id', required: false, description: 'echoed in the response and the logs; one is made up if absent' })
@Controller('v1/places')
export class PlacesController {
  constructor(private readonly places: PlacesService) {}

  @Get()
  @PlannerRead('viewer')
  @ApiOperation({
    summary: 'The places the engine measures between: units\' bases per mission, crisis and demand sites',
    description: 'An addition beyond the contract: distances, transit and cost run from a unit\'s base (its location, else its mission\'s hq) to its demand\'s site (its own, else its crisis\'s, else the mission\'s hq).',
  })
  @ApiOkResponse({ type: PlacesDto })
  list(): PlacesDto {
    return this.places.places();
  }
}
