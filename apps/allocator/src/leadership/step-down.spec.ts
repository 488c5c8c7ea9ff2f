import { Logger } from '@nestjs/common';
import { AppConfig } from '@imc/platform';
import { Admin, Kafka } from 'kafkajs';
import { CompactionGuard } from '../durability/compaction-guard';
import { AllocatorMetrics } from '../metrics/allocator-metrics';
import { AllocatorState } from '../state/allocator-state';
import { LeadershipService, STEPPED_DOWN_EXIT_CODE, TakeoverSteps } from './leadership.service';

function service(steps: Partial<TakeoverSteps>): LeadershipService {
  const stub = { on: () => undefined, events: {}, connect: async () => undefined, disconnect: async () => undefined };
  const kafka = { producer: () => stub, consumer: () => stub } as unknown as Kafka;
  const leadership = new LeadershipService(kafka, {} as Admin, new AppConfig(), {} as AllocatorState, new CompactionGuard(), new AllocatorMetrics());
  // What start() is given by main.ts; start() itself would join the lease group.
  (leadership as unknown as { steps: Partial<TakeoverSteps> }).steps = steps;
  return leadership;
}

describe('LeadershipService.stepDown (issue 28, item 1)', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('leaves the input group first, and exits (75) only once it has left', async () => {
    jest.useFakeTimers();
    const order: string[] = [];
    const exit = jest.spyOn(process, 'exit').mockImplementation(((code: number) => void order.push(`exit ${code}`)) as never);
    let left: () => void = () => undefined;
    const leadership = service({ leaveInputs: () => new Promise<void>((r) => (left = () => (order.push('left'), r()))) });
    leadership.stepDown('fenced: another allocator took over');
    expect(leadership.role).toBe('fenced');
    await expect(leadership.publisher.publish([{ topic: 'imc.proposals', key: 'global', value: {} }])).rejects.toThrow(/does not lead/);
    await jest.advanceTimersByTimeAsync(1000);
    expect(order).toEqual([]);
    left();
    await jest.advanceTimersByTimeAsync(200);
    expect(order).toEqual(['left', `exit ${STEPPED_DOWN_EXIT_CODE}`]);
    // Once only.
    leadership.stepDown('again');
    await jest.advanceTimersByTimeAsync(5000);
    expect(exit).toHaveBeenCalledTimes(1);
  });

  it('exits anyway when leaving the group hangs (the broker is away)', async () => {
    jest.useFakeTimers();
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const leadership = service({ leaveInputs: () => new Promise<void>(() => undefined) });
    leadership.stepDown('the lease went to another allocator');
    await jest.advanceTimersByTimeAsync(2900);
    expect(exit).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(300);
    expect(exit).toHaveBeenCalledWith(STEPPED_DOWN_EXIT_CODE);
  });
});
