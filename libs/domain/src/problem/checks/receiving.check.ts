import type { Check, PairContext } from '../eligibility';

/** One unit the recipient has no room for at all cannot go; smaller ones meet the receiving rows. */
export const receiving: Check<PairContext> = {
  name: 'receiving',
  check: ({ group: g, room, demand }) => {
    if (g.personnel <= room.personnel && g.aircraft <= room.aircraft) return undefined;
    const what = g.personnel > room.personnel ? `${g.personnel} personnel > room for ${room.personnel}` : `${g.aircraft} aircraft > room for ${room.aircraft}`;
    return { reason: 'receiving-capacity', detail: `${demand.missionId} cannot receive: ${what}` };
  },
};
