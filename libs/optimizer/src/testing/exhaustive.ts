import type { PlanningProblem } from '@imc/domain/planning-problem';

/**
 * The optimum of a small PlanningProblem by exhaustive search, written from the problem alone:
 * no model builder, no solver, no shared helper of the optimizer. It is the property test's
 * independent reference, so it restates the planning rules in their plainest form:
 *
 *   every pair lends a whole number of units, at most what its group has left and what its
 *   demand still asks; every floor, share and receiving row (limits below 0 read as 0) holds;
 *   cost = W * weight * uncovered units
 *        + per unit lent: W * weight * (1 - coverage) + cost weight * cost per unit
 *          + W * weight[e] * overlap[e] for each of the lender's own demands e it leaves short (v3)
 *        + change weight * units of the previous proposal not lent again (whether or not the
 *          pair still exists).
 *
 * Rows only ever grow as units are added (all coefficients are positive), so a branch that breaks
 * one is cut. Returns undefined when the search would visit more than `maxNodes` partial plans.
 */
export function exhaustiveOptimum(problem: PlanningProblem, maxNodes = 30_000): { objective: number; y: number[]; nodes: number } | undefined {
  const { shortfall: W, cost: costWeight, change: changeWeight } = problem.weights;
  const groups = new Map(problem.groups.map((g) => [g.groupId, g]));
  const demands = new Map(problem.demands.map((d) => [d.demandId, d]));
  const clamp = (limit: number): number => Math.max(0, limit);

  // Per pair: which rows a unit on it loads, and by how much.
  interface Load {
    row: number;
    amount: number;
  }
  const limits: number[] = [];
  const loads: Load[][] = problem.pairs.map(() => []);
  for (const row of [...problem.floorRows, ...problem.shareRows]) {
    const at = limits.push(clamp(row.limit)) - 1;
    problem.pairs.forEach((pair, p) => {
      const c = row.coefficients[pair.groupId];
      if (c !== undefined && c !== 0) loads[p].push({ row: at, amount: c });
    });
  }
  for (const row of problem.receivingRows) {
    const at = limits.push(clamp(row.limit)) - 1;
    const into = new Set(row.demandIds);
    problem.pairs.forEach((pair, p) => {
      const g = groups.get(pair.groupId);
      const amount = g ? g[row.resource] : 0;
      if (into.has(pair.demandId) && amount !== 0) loads[p].push({ row: at, amount });
    });
  }

  const prevOf = (p: number): number => problem.previous[`${problem.pairs[p].groupId}|${problem.pairs[p].demandId}`] ?? 0;
  const livePairs = new Set(problem.pairs.map((pair) => `${pair.groupId}|${pair.demandId}`));
  let gone = 0;
  for (const [key, units] of Object.entries(problem.previous)) if (!livePairs.has(key)) gone += units;

  const groupLeft = new Map(problem.groups.map((g) => [g.groupId, g.unitIds.length]));
  const demandLeft = new Map(problem.demands.map((d) => [d.demandId, d.quantity]));
  const used = limits.map(() => 0);
  const y = problem.pairs.map(() => 0);
  let best: { objective: number; y: number[] } | undefined;
  let nodes = 0;

  const cost = (): number => {
    let total = changeWeight * gone;
    for (const d of problem.demands) total += W * d.weight * (demandLeft.get(d.demandId) ?? 0);
    problem.pairs.forEach((pair, p) => {
      const weight = demands.get(pair.demandId)?.weight ?? 0;
      total += y[p] * (W * weight * (1 - pair.coverage) + costWeight * pair.costPerUnit);
      // The lender's own demands the unit leaves short for the overlap (v3), written out here apart from the optimizer's.
      for (const n of pair.lenderNeed ?? []) total += y[p] * W * n.weight * n.overlap;
      total += changeWeight * Math.max(0, prevOf(p) - y[p]);
    });
    return total;
  };

  const visit = (p: number): boolean => {
    nodes += 1;
    if (nodes > maxNodes) return false;
    if (p === problem.pairs.length) {
      const objective = cost();
      if (!best || objective < best.objective - 1e-9) best = { objective, y: [...y] };
      return true;
    }
    const pair = problem.pairs[p];
    const most = Math.min(groupLeft.get(pair.groupId) ?? 0, demandLeft.get(pair.demandId) ?? 0);
    for (let units = 0; units <= most; units += 1) {
      if (units > 0 && loads[p].some((l) => used[l.row] + units * l.amount > limits[l.row] + 1e-9)) break;
      y[p] = units;
      groupLeft.set(pair.groupId, (groupLeft.get(pair.groupId) ?? 0) - units);
      demandLeft.set(pair.demandId, (demandLeft.get(pair.demandId) ?? 0) - units);
      for (const l of loads[p]) used[l.row] += units * l.amount;
      const finished = visit(p + 1);
      for (const l of loads[p]) used[l.row] -= units * l.amount;
      groupLeft.set(pair.groupId, (groupLeft.get(pair.groupId) ?? 0) + units);
      demandLeft.set(pair.demandId, (demandLeft.get(pair.demandId) ?? 0) + units);
      y[p] = 0;
      if (!finished) return false;
    }
    return true;
  };

  if (!visit(0) || !best) return undefined;
  return { ...best, nodes };
}
