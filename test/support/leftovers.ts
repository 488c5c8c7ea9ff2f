import { LocalKafka } from '../../scripts/kafka/local-kafka';
import { stopAllServices } from './services';

// A spec that fails half-way must not leave a service or a broker running: that would keep the
// test process alive and the next spec's ports taken.
afterAll(async () => {
  await stopAllServices();
  await LocalKafka.stopAll();
});
