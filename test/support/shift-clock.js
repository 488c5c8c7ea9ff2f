/**
 * Preloaded (node --require) into a service a test wants to run "in the past": Date.now moves by
 * IMC_TEST_CLOCK_SHIFT_MS, so the CreateTime of every record its Kafka producer writes is that far
 * off, as if the deployment had published it then. Only for tests; a constant shift keeps every
 * timeout and interval the same length.
 */
const shift = Number(process.env.IMC_TEST_CLOCK_SHIFT_MS || 0);
if (Number.isFinite(shift) && shift !== 0) {
  const real = Date.now.bind(Date);
  Date.now = () => real() + shift;
}
