import type { Capability } from '@imc/contracts';

/**
 * Special forces, engineering units and hospitals carry national caveats and are hard to pull out
 * mid-task; the debate urged caution. They are proposed only where the demand says so.
 */
export function cautionBlocks(capability: Capability, cautionCapabilities: readonly Capability[], allowCaution: boolean | undefined): boolean {
  return cautionCapabilities.includes(capability) && allowCaution !== true;
}
