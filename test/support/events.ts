import { cloudEvent } from '@imc/contracts';

/** Small CloudEvent builders for the end-to-end specs. */
export const envelope = (id: string, type: string, time: string, data: unknown): string => JSON.stringify(cloudEvent({ id, source: '/e2e', type, time, data }));

export const mission = (missionId: string, version: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  missionId,
  name: `Mission ${missionId}`,
  hostState: 'LBR',
  region: 'west-africa',
  hq: { lat: 6.32, lon: -10.81 },
  status: 'normal',
  receivingCapacity: { personnel: 600, aircraft: 4 },
  version,
  ...extra,
});
