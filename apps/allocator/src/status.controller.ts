import { Controller, Get } from '@nestjs/common';
import { AllocatorState } from './state/allocator-state';

/** A small operator's view of the allocator: where its state stands. */
@Controller('status')
export class StatusController {
  constructor(private readonly state: AllocatorState) {}

  @Get()
  status(): Record<string, unknown> {
    return this.state.summary();
  }
}
