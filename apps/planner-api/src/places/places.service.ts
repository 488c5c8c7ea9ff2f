import { Injectable } from '@nestjs/common';
import type { Place } from '@imc/contracts';
import type { World } from '@imc/domain';
import { PLANNING_SCOPE } from '../read-model/planner-view';
import { ReadModelService } from '../read-model/read-model.service';
import type { BaseDto, CrisisSiteDto, DemandSiteDto, MissionPlacesDto, PlacesDto } from './dto/places.dto';

/** One key per place: units recorded at the same name and position share a base. */
const placeKey = (p: Place): string => `${p.name ?? ''}|${p.lat}|${p.lon}`;
const placeOf = (p: Place): Place => (p.name !== undefined ? { name: p.name, lat: p.lat, lon: p.lon } : { lat: p.lat, lon: p.lon });

/**
 * The places the engine measures between (docs/contract.md, GET /v1/places): each mission's bases
 * with the units there, and where crises and demands are needed, read from the same world and the
 * same site rule as planning (World.demandPlace), so that a map draws what the engine computes.
 */
@Injectable()
export class PlacesService {
  constructor(private readonly readModel: ReadModelService) {}

  places(): PlacesDto {
    const view = this.readModel.view;
    const world = view.world;
    const onLoan = new Map<string, string>();
    for (const loan of world.outstandingLoans()) for (const u of loan.unitIds) onLoan.set(u, loan.loanId);
    return {
      asOf: world.asOf ?? null,
      missions: this.bases(world, onLoan),
      crises: this.crises(world),
      demands: this.demands(world, [...world.outstandingLoans().map((l) => l.demandId), ...(view.currentProposal(PLANNING_SCOPE)?.loans.map((l) => l.demandId) ?? [])]),
    };
  }

  private bases(world: World, onLoan: Map<string, string>): MissionPlacesDto[] {
    const byMission = new Map<string, Map<string, BaseDto>>();
    const missions = world.missions();
    const known = new Map(missions.map((m) => [m.missionId, m]));
    for (const u of world.units()) {
      const mission = known.get(u.missionId);
      // A unit of a mission the world does not know has no hq to fall back on, and no donor to plan.
      if (!mission) continue;
      const at = u.location ?? mission.hq;
      const key = u.location ? placeKey(u.location) : 'hq';
      const bases = byMission.get(u.missionId) ?? new Map<string, BaseDto>();
      byMission.set(u.missionId, bases);
      const base = bases.get(key) ?? { ...placeOf(at), atHq: !u.location, units: [] };
      bases.set(key, base);
      const loanId = onLoan.get(u.unitId);
      base.units.push({ unitId: u.unitId, capability: u.capability, contributor: u.contributor, status: u.status, ...(loanId ? { onLoan: loanId } : {}) });
    }
    return missions.map((m) => ({
      missionId: m.missionId,
      hq: { lat: m.hq.lat, lon: m.hq.lon },
      // The hq first, then by name and position: a stable order for a page to draw.
      bases: [...(byMission.get(m.missionId)?.values() ?? [])].sort((a, b) => Number(b.atHq) - Number(a.atHq) || (a.name ?? '').localeCompare(b.name ?? '') || a.lat - b.lat || a.lon - b.lon),
    }));
  }

  private crises(world: World): CrisisSiteDto[] {
    return world.activeCrises().flatMap((c) => {
      const site = c.site ?? world.mission(c.missionId)?.hq;
      if (!site) return [];
      return [{ crisisId: c.crisisId, missionId: c.missionId, kind: c.kind, start: c.window.start, end: c.window.end, site: placeOf(site), siteFrom: c.site ? ('crisis' as const) : ('hq' as const) }];
    });
  }

  private demands(world: World, pointedAt: string[]): DemandSiteDto[] {
    const open = new Set(world.openDemands().map((d) => d.demandId));
    const ids = [...new Set([...open, ...pointedAt])].sort();
    return ids.flatMap((demandId) => {
      const p = world.demandPlace(demandId);
      if (!p?.site) return [];
      return [{ demandId, missionId: p.missionId, ...(p.crisisId ? { crisisId: p.crisisId } : {}), capability: p.capability, open: open.has(demandId), site: placeOf(p.site), siteFrom: p.siteFrom }];
    });
  }
}
