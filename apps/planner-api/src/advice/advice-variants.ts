import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Proposal } from '@imc/contracts';
import type { World } from '@imc/domain';
import type { VariantRunner } from '@imc/optimizer';
import { AppConfig, WorkerPool } from '@imc/platform';
import { AdviceTask, adviceWorkerPool, poolRunner } from '@imc/workers';

/**
 * Where advice variants are planned: a pool of worker threads, started on the first request and
 * kept, so that planning a dozen variants never holds the API's event loop.
 */
@Injectable()
export class AdviceVariants implements OnModuleDestroy {
  private pool?: WorkerPool<AdviceTask, Proposal>;

  constructor(private readonly config: AppConfig) {}

  runner(world: World, scope: string): VariantRunner {
    this.pool ??= adviceWorkerPool(this.config.IMC_ADVICE_WORKERS);
    return poolRunner(this.pool, world, scope, this.config.IMC_SOLVER);
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.close();
  }
}
