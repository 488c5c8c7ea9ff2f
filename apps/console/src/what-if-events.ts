import { DEFAULT_POLICY } from '../../../libs/domain/src/policy.defaults';
import type { CloudEvent } from '../../../libs/contracts/src/envelope';
import type { Capability } from './model';

/** A CloudEvent as the what-if endpoint takes it (the same checks as a Kafka input): the contract's envelope, always JSON. */
export type WhatIfEvent = CloudEvent<Record<string, unknown>> & { datacontenttype: 'application/json' };

let counter = 0;
function envelope(type: string, time: string, data: Record<string, unknown>): WhatIfEvent {
  counter += 1;
  return { specversion: '1.0', id: `console-what-if-${Date.now().toString(36)}-${counter}`, source: '/planner-console', type, time, datacontenttype: 'application/json', data };
}

/** Form dates are days; the contract's times are RFC 3339. */
export function dayToTime(d: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00Z` : d;
}

export interface CrisisForm {
  type: 'imc.crisis.declared' | 'imc.crisis.updated' | 'imc.crisis.resolved';
  crisisId: string;
  missionId: string;
  kind: string;
  severity: number;
  start: string;
  end: string;
  capability: Capability;
  quantity: number;
  priority: number;
  version: number;
}

export function crisisEvent(f: CrisisForm, time: string): WhatIfEvent {
  return envelope(f.type, time, {
    crisisId: f.crisisId,
    missionId: f.missionId,
    kind: f.kind,
    scheduled: false,
    severity: f.severity,
    window: { start: dayToTime(f.start), end: dayToTime(f.end) },
    requirements: [{ capability: f.capability, quantity: f.quantity, priority: f.priority }],
    version: f.version,
  });
}

export interface ConsentForm {
  consentId: string;
  kind: string;
  party: string;
  fromMission: string;
  toMission: string;
  capability: Capability | '*';
  status: string;
  expectedInDays?: number;
  version: number;
}

export function consentEvent(f: ConsentForm, time: string): WhatIfEvent {
  return envelope('imc.consent.recorded', time, {
    consentId: f.consentId,
    kind: f.kind,
    party: f.party,
    fromMission: f.fromMission,
    toMission: f.toMission,
    capabilities: [f.capability],
    status: f.status,
    ...(f.status === 'pending' && f.expectedInDays !== undefined ? { expectedInDays: f.expectedInDays } : {}),
    version: f.version,
  });
}

export function unitRemovedEvent(unitId: string, version: number, time: string): WhatIfEvent {
  return envelope('imc.unit.removed', time, { unitId, version });
}

/**
 * A floor for one mission and capability. A policy event states the whole policy (what it leaves
 * out takes the default), so the default floors are sent along with the new one, which wins for
 * that mission and capability as the more specific rule.
 */
export function floorEvent(missionId: string, capability: Capability | '*', minFraction: number, minCount: number, version: number, time: string): WhatIfEvent {
  return envelope('imc.policy.updated', time, {
    policyId: 'default',
    version,
    reserveFloors: [...DEFAULT_POLICY.reserveFloors.map((r) => ({ ...r })), { missionId, capability, minFraction, minCount }],
  });
}

/** Pasted events: one JSON array, one object, or one object per line (a scenario file's lines). */
export function parsePasted(text: string): { events: Record<string, unknown>[] } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { error: 'paste at least one event' };
  const asObjects = (v: unknown): Record<string, unknown>[] | undefined => (Array.isArray(v) ? (v.every((x) => !!x && typeof x === 'object' && !Array.isArray(x)) ? (v as Record<string, unknown>[]) : undefined) : v && typeof v === 'object' ? [v as Record<string, unknown>] : undefined);
  try {
    const whole = asObjects(JSON.parse(trimmed));
    if (!whole) return { error: 'expected a JSON object or an array of objects' };
    return whole.length > 0 ? { events: whole } : { error: 'paste at least one event' };
  } catch {
    const events: Record<string, unknown>[] = [];
    const lines = trimmed.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (line === '' || line.startsWith('#')) continue;
      try {
        const one = asObjects(JSON.parse(line));
        if (!one || one.length !== 1) return { error: `line ${i + 1}: expected one JSON object` };
        events.push(one[0]);
      } catch {
        return { error: `line ${i + 1}: not JSON` };
      }
    }
    return events.length ? { events } : { error: 'paste at least one event' };
  }
}
