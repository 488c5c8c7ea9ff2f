import type { StressReport } from '@imc/contracts';

const pct = (p: number) => `${Math.round(p * 100)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * (v3) A few plain lines saying what a StressReport means, for the stress CLI's stderr: today's
 * shortfall, then the expected one over the sampled futures, the most exposed mission, the best
 * consent bundle to pre-clear (or that none helps), and the floors that bind where units could go.
 */
export function describeStressReport(r: StressReport): string[] {
  const lines: string[] = [];
  const todayShort = r.missions.filter((m) => m.todayShortfall > 0).map((m) => `${m.missionId} ${m.todayShortfall}`);
  lines.push(
    r.baseline.todayShortfall > 0
      ? `today's proposal leaves ${r.baseline.todayShortfall} units short (${todayShort.join(', ')}), before any sampled crisis`
      : "today's proposal leaves no demand short",
  );
  lines.push(
    `over ${plural(r.samples, 'sampled future')} of ${r.horizonDays} days (seed ${r.seed}), the expected shortfall is ${r.baseline.expectedShortfall} units, today's included`,
  );
  const worst = r.missions[0];
  if (worst && worst.expectedShortfall > 0) {
    lines.push(
      `most exposed: ${worst.missionId}, ${worst.expectedShortfall} units short on average (${worst.todayShortfall} of them today), short in ${pct(worst.pShort)} of the samples, ${worst.p95Shortfall} in the worst 5%`,
    );
  }
  const best = r.consents[0];
  if (best) {
    lines.push(
      `pre-clear first: ${best.item} ${best.fromMission}->${best.toMission}, granted now it lowers the expected shortfall from ${r.baseline.expectedShortfall} to ${best.expectedShortfallIfGrantedNow}` +
        (r.consents.length > 1 ? ` (${plural(r.consents.length, 'bundle')} listed lower it)` : ''),
    );
  } else {
    lines.push('no consent bundle granted now lowers the expected shortfall: nothing to pre-clear');
  }
  const floors = r.floors.slice(0, 3).map((f) => `${f.missionId} ${f.capability} in ${pct(f.pBinding)}`);
  lines.push(
    floors.length > 0
      ? `reserve floors that keep lendable units home: ${floors.join(', ')} of the samples${r.floors.length > 3 ? ` (and ${r.floors.length - 3} more)` : ''}`
      : 'no reserve floor keeps lendable units home in any sample',
  );
  return lines;
}
