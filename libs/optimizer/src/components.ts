import type { CapacityRow, PlanningProblem } from '@imc/domain/planning-problem';
import { hasPreviousUnits, previousUnitsOf } from './previous-units';
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
  // Nodes are numbered as first seen (no string keys: this runs on every round of added rows,
  // over every pair). Only groups that have a pair get one.
  const nodes = new NumberedSets();
  const demandIndex = new Map<string, number>();
  const groupIndex = new Map<string, number>();
  const numbered = (index: Map<string, number>, id: string): number => {
    let node = index.get(id);
    if (node === undefined) {
      node = nodes.add();
      index.set(id, node);
    }
    return node;
  };
  for (const demand of problem.demands) numbered(demandIndex, demand.demandId);
  const pairDemand = new Int32Array(problem.pairs.length);
  problem.pairs.forEach((pair, at) => {
    pairDemand[at] = numbered(demandIndex, pair.demandId);
    nodes.union(numbered(groupIndex, pair.groupId), pairDemand[at]);
  });
  // A row's first group (or demand) that takes part, or -1.
  const firstGroup = (row: CapacityRow): number => {
    for (const groupId of Object.keys(row.coefficients)) {
      const node = groupIndex.get(groupId);
      if (node !== undefined && row.coefficients[groupId] !== 0) return node;
    }
    return -1;
  };
  for (const row of [...problem.floorRows, ...problem.shareRows]) {
    const first = firstGroup(row);
    if (first < 0) continue;
    for (const groupId of Object.keys(row.coefficients)) {
      const node = groupIndex.get(groupId);
      if (node !== undefined && row.coefficients[groupId] !== 0) nodes.union(first, node);
    }
  }
  const knownDemands = new Set(problem.demands.map((demand) => demand.demandId));
  const firstDemand = (demandIds: readonly string[]): number => {
    for (const demandId of demandIds) if (knownDemands.has(demandId)) return demandIndex.get(demandId) as number;
    return -1;
  };
  for (const row of problem.receivingRows) {
    const first = firstDemand(row.demandIds);
    if (first < 0) continue;
    for (const demandId of row.demandIds) if (knownDemands.has(demandId)) nodes.union(first, demandIndex.get(demandId) as number);
  }

  const parts = new Map<number, PlanningProblem>();
  const partOf = (node: number): PlanningProblem => {
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

  for (const demand of problem.demands) partOf(demandIndex.get(demand.demandId) as number).demands.push(demand);
  for (const group of problem.groups) {
    const node = groupIndex.get(group.groupId);
    if (node !== undefined) partOf(node).groups.push(group);
  }
  const previousOf = hasPreviousUnits(problem) ? previousUnitsOf(problem) : undefined;
  problem.pairs.forEach((pair, at) => {
    const part = partOf(pairDemand[at]);
    part.pairs.push(pair);
    const previous = previousOf?.(pair);
    if (previous !== undefined) part.previous[pairKey(pair)] = previous;
  });
  const rowPart = (row: CapacityRow) => {
    const first = firstGroup(row);
    return first < 0 ? undefined : partOf(first);
  };
  for (const row of problem.floorRows) rowPart(row)?.floorRows.push(row);
  for (const row of problem.shareRows) rowPart(row)?.shareRows.push(row);
  for (const row of problem.receivingRows) {
    const first = firstDemand(row.demandIds);
    if (first >= 0) partOf(first).receivingRows.push(row);
  }
  for (const exclusion of problem.exclusions) {
    if (knownDemands.has(exclusion.demandId)) partOf(demandIndex.get(exclusion.demandId) as number).exclusions.push(exclusion);
  }
  return [...parts.values()];
}

/** Union–find over nodes numbered from 0, with path halving and union by size. */
class NumberedSets {
  private readonly parent: number[] = [];
  private readonly size: number[] = [];

  /** A new node in a set of its own; returns its number. */
  add(): number {
    this.parent.push(this.parent.length);
    this.size.push(1);
    return this.parent.length - 1;
  }

  find(node: number): number {
    let current = node;
    while (this.parent[current] !== current) {
      this.parent[current] = this.parent[this.parent[current]];
      current = this.parent[current];
    }
    return current;
  }

  union(a: number, b: number): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA === rootB) return;
    const [large, small] = this.size[rootA] >= this.size[rootB] ? [rootA, rootB] : [rootB, rootA];
    this.parent[small] = large;
    this.size[large] += this.size[small];
  }
}

/** The same sets over named nodes (added on first sight); find answers a set's representative name. */
export class DisjointSets {
  private readonly numbers = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly sets = new NumberedSets();

  add(node: string): void {
    this.numberOf(node);
  }

  find(node: string): string {
    return this.names[this.sets.find(this.numberOf(node))];
  }

  union(a: string, b: string): void {
    this.sets.union(this.numberOf(a), this.numberOf(b));
  }

  private numberOf(node: string): number {
    let number = this.numbers.get(node);
    if (number === undefined) {
      number = this.sets.add();
      this.numbers.set(node, number);
      this.names.push(node);
    }
    return number;
  }
}
