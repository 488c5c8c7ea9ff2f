import type { Capability } from '@imc/contracts';

/** Civilian staff and contracted crews are not part of a mission's uniformed strength. */
export function isUniformed(unit: { capability: Capability; commercial: boolean }): boolean {
  return unit.capability !== 'civilian-team' && !unit.commercial;
}

/**
 * Personnel a mission can still send away on loan: maxShareOnLoan of its uniformed strength,
 * minus the personnel already away on loans out. Rounded down: a share is a cap on whole people.
 */
export function shareOnLoanLimit(uniformedPersonnel: number, personnelOnLoanOut: number, maxShareOnLoan: number): number {
  return Math.max(0, Math.floor(maxShareOnLoan * uniformedPersonnel + 1e-9) - personnelOnLoanOut);
}
