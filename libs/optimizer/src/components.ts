import type { CapacityRow, PlanningProblem } from '@imc/domain/planning-problem';
import { pairKey } from './problem-index';

/**
 * Splits a problem into independent sub-problems: connected components of the group–demand
 * graph, where a pair joins its group and demand, a floor or share row joins its groups, and a
 * receiving row joins its demands. Loans only travel within reach, so real worlds fall apart into
 * many small components, and each can be solved (and proven optimal) on its own.
 *
 * Only groups that have a pair take part: a group nobody can use carries no variable. Demands
 * with no pair become components of their own (all short). Components come out ordered by their
 * first demand in problem order, and each keeps the problem's own array orders.
 */
export function splitComponents(problem: PlanningProblem): PlanningProblem[] {
  const nodes = new DisjointSets();
  const demandNode = (demandId: string) => `d:${demandId}`;
  const groupNode = (groupId: string) => `g:${groupId}`;

  for (const demand of problem.demands) nodes.add(demandNode(demand.demandId));
  const usedGroups = new Set<string>();
  for (const pair of problem.pairs) {
    usedGroups.add(pair.groupId);
    nodes.union(groupNode(pair.groupId), demandNode(pair.demandId));
  }
  for (const row of [...problem.floorRows, ...problem.shareRows]) {
    const groups = Object.keys(row.coefficients).filter((groupId) => usedGroups.has(groupId) && row.coefficients[groupId] !== 0);
    for (const groupId of groups.slice(1)) nodes.union(groupNode(groups[0]), groupNode(groupId));
  }
  const knownDemands = new Set(problem.demands.map((demand) => demand.demandId));
  for (const row of problem.receivingRows) {
    const demandIds = row.demandIds.filter((demandId) => knownDemands.has(demandId));
    for (const demandId of demandIds.slice(1)) nodes.union(demandNode(demandIds[0]), demandNode(demandId));
  }

  const parts = new Map<string, PlanningProblem>();
  const partOf = (node: string): PlanningProblem => {
    const root = nodes.find(node);
    let part = parts.get(root);
    if (!part) {
      part = {
        ...problem,
        groups: [],
        demands: [],
        pairs: [],
        floorRows: [],
        shareRows: [],
        receivingRows: [],
        exclusions: [],
        previous: {},
      };
      parts.set(root, part);
    }
    return part;
  };

  for (const demand of problem.demands) partOf(demandNode(demand.demandId)).demands.push(demand);
  for (const group of problem.groups) if (usedGroups.has(group.groupId)) partOf(groupNode(group.groupId)).groups.push(group);
  for (const pair of problem.pairs) {
    const part = partOf(demandNode(pair.demandId));
    part.pairs.push(pair);
    const previous = problem.previous[pairKey(pair)];
    if (previous !== undefined) part.previous[pairKey(pair)] = previous;
  }
  const rowPart = (row: CapacityRow) => {
    const first = Object.keys(row.coefficients).find((groupId) => usedGroups.has(groupId) && row.coefficients[groupId] !== 0);
    return first === undefined ? undefined : partOf(groupNode(first));
  };
  for (const row of problem.floorRows) rowPart(row)?.floorRows.push(row);
  for (const row of problem.shareRows) rowPart(row)?.shareRows.push(row);
  for (const row of problem.receivingRows) {
    const first = row.demandIds.find((demandId) => knownDemands.has(demandId));
    if (first !== undefined) partOf(demandNode(first)).receivingRows.push(row);
  }
  for (const exclusion of problem.exclusions) {
    if (knownDemands.has(exclusion.demandId)) partOf(demandNode(exclusion.demandId)).exclusions.push(exclusion);
  }
  return [...parts.values()];
}

/** Union–find with path halving and union by size. */
export class DisjointSets {
  private readonly parent = new Map<string, string>();
  private readonly size = new Map<string, number>();

  add(node: string): void {
    if (!this.parent.has(node)) {
      this.parent.set(node, node);
      this.size.set(node, 1);
    }
  }

  find(node: string): string {
    this.add(node);
    let current = node;
    let parent = this.parent.get(current) as string;
    while (parent !== current) {
      const grandparent = this.parent.get(parent) as string;
      this.parent.set(current, grandparent);
      current = grandparent;
      parent = this.parent.get(current) as string;
    }
    return current;
  }

  union(a: string, b: string): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA === rootB) return;
    const [large, small] = (this.size.get(rootA) ?? 1) >= (this.size.get(rootB) ?? 1) ? [rootA, rootB] : [rootB, rootA];
    this.parent.set(small, large);
    this.size.set(large, (this.size.get(large) ?? 1) + (this.size.get(small) ?? 1));
  }
}
