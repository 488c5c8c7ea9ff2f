import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { Admin } from 'kafkajs';
import { errorMessage } from '@imc/contracts';

/** Kafka is "up" when the cluster answers a metadata request within the timeout. */
@Injectable()
export class KafkaHealthIndicator {
  constructor(private readonly indicators: HealthIndicatorService) {}

  async check(admin: Admin, timeoutMs = 3000): Promise<HealthIndicatorResult> {
    const session = this.indicators.check('kafka');
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      const cluster = await Promise.race([admin.describeCluster(), timeout]);
      return session.up({ brokers: cluster.brokers.length });
    } catch (error) {
      return session.down({ message: errorMessage(error) });
    } finally {
      clearTimeout(timer);
    }
  }
}
