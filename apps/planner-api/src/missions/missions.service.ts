import { Injectable } from '@nestjs/common';
import type { Capability, Mission } from '@imc/contracts';
import { buildPlanningProblem } from '@imc/domain';
import { ApiError } from '../http/api-error';
import { PLANNING_SCOPE } from '../read-model/planner-view';
import { ReadModelService } from '../read-model/read-model.service';
import { MissionPostureDto } from './dto/posture.dto';

@Injectable()
export class MissionsService {
  constructor(private readonly readModel: ReadModelService) {}

  list(): (Mission & { effectiveStatus: string })[] {
    const world = this.readModel.view.world;
    return world.missions().map((m) => ({ ...m, effectiveStatus: world.effectiveStatus(m.missionId) ?? m.status }));
  }

  /**
   * Held, available, on loan out and in, and floor per capability. Held, available, on loan out and
   * the floor come from the planner's own problem builder, so they are the numbers it plans with.
   */
  posture(missionId: string): MissionPostureDto {
    const view = this.readModel.view;
    const world = view.world;
    const mission = world.mission(missionId);
    if (!mission) throw ApiError.notFound(`mission ${missionId} not found`);
    const problem = buildPlanningProblem(world, { scope: PLANNING_SCOPE });
    const proposal = view.currentProposal(PLANNING_SCOPE);
    const rows = new Map<Capability, MissionPostureDto['capabilities'][number]>();
    const row = (capability: Capability) => {
      let r = rows.get(capability);
      if (!r) {
        r = { capability, held: 0, available: 0, onLoanOut: 0, onLoanIn: 0, floor: 0, lendable: 0, proposedOut: 0 };
        rows.set(capability, r);
      }
      return r;
    };
    for (const p of problem.posture.filter((e) => e.missionId === missionId)) {
      Object.assign(row(p.capability), { held: p.held, available: p.available, onLoanOut: p.onLoanOut, floor: p.floor, lendable: Math.max(0, p.available - p.floor) });
    }
    for (const loan of world.outstandingLoans().filter((l) => l.toMission === missionId)) row(loan.capability).onLoanIn += loan.unitIds.length;
    for (const p of proposal?.posture.filter((e) => e.missionId === missionId) ?? []) row(p.capability).proposedOut = p.proposedOut;
    return {
      missionId,
      asOf: world.asOf ?? null,
      effectiveStatus: world.effectiveStatus(missionId) ?? mission.status,
      capabilities: [...rows.values()].sort((a, b) => (a.capability < b.capability ? -1 : 1)),
    };
  }
}
