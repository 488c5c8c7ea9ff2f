import { Controller, Get } from '@nestjs/common';
import { PlanningService } from './planning/planning.service';
import { LeadershipService } from './leadership/leadership.service';
import { AllocatorState } from './state/allocator-state';

/** A small operator's view of the allocator: where its state stands and whether a plan is due. */
@Controller('status')
export class StatusController {
  constructor(
    private readonly state: AllocatorState,
    private readonly planning: PlanningService,
    private readonly leadership: LeadershipService,
  ) {}

  @Get()
  status(): Record<string, unknown> {
    return { ...this.state.summary(), idle: this.planning.isIdle(), leadership: this.leadership.summary(), role: this.leadership.role };
  }
}
