/**
 * What a recipient mission can still shelter and support: its declared receiving capacity minus
 * what loans already in place there use. Life support has to follow the loan (fuel, maintenance,
 * accommodation), so capacity taken by earlier loans is not available to new ones.
 */
export function receivingLimit(capacity: number, alreadyReceived: number): number {
  return Math.max(0, capacity - alreadyReceived);
}
