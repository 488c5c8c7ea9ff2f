import type { Advice, AdviceLever, Mission, Proposal, ProposedLoan } from '@imc/contracts';

/**
 * What a briefing is made from: a proposal as the API answers it (its loans may carry a review),
 * the missions (for names and HQ positions on the map) and, when it could be had, the advice.
 */
export interface BriefingInput {
  proposal: Omit<Proposal, 'loans'> & { loans: (ProposedLoan & { review?: { decision: string } })[] };
  missions: readonly Pick<Mission, 'missionId' | 'name' | 'hq'>[];
  advice?: Advice;
  /** Why there is no advice (e.g. the proposal was superseded before it was asked for). */
  adviceUnavailable?: string;
  /** The policy's currency; USD by default. */
  currency?: string;
}

export interface LoanRow {
  loanId: string;
  fromMission: string;
  toMission: string;
  capability: string;
  quantity: number;
  units: string;
  contributor: string;
  distanceKm: number;
  arriveBy: Date;
  returnBy: Date;
  /** 0..1 */
  coverage: number;
  transferCost: number;
  sustainmentPerDay: number;
  totalCost: number;
  consents: string;
  criticalPath: string;
  review: string;
}

export interface ConsentRow {
  item: string;
  fromMission: string;
  toMission: string;
  status: string;
  /** For a proposed loan: the loans that wait for it; for a lever: the demand it would unlock. */
  forWhat: string;
  /** When the plan expects it (a proposed loan's pending consent). */
  expectedBy?: Date;
  /** The last day a grant still gives the gain (the advice lever's latestUseful). */
  lastUseful?: Date;
}

export interface ShortfallRow {
  demandId: string;
  missionId: string;
  capability: string;
  shortfall: number;
  reasons: string;
  bestLever: string;
}

export interface LeverRow {
  demandId: string;
  lever: string;
  target: string;
  change: string;
  latestUseful?: Date;
  gainUnits: number;
  gainCoverageDays: number;
  cost: number;
}

export interface BriefingTables {
  summary: { label: string; value: string | number | Date }[];
  loans: LoanRow[];
  consents: ConsentRow[];
  shortfalls: ShortfallRow[];
  levers: LeverRow[];
  currency: string;
}

const day = (iso: string): Date => new Date(iso);

/** `contributor:PAK + council:UNSC UNMIL->UNOCI` -> items and pair. */
export function leverConsentTarget(target: string): { items: string[]; fromMission: string; toMission: string } | undefined {
  const m = /^(.*) (\S+)->(\S+)$/.exec(target);
  if (!m) return undefined;
  return { items: m[1].split(' + ').map((s) => s.trim()), fromMission: m[2], toMission: m[3] };
}

const isConsentLever = (l: AdviceLever): boolean => l.lever === 'consent' || l.lever === 'consent-validity';


function consentSummary(l: ProposedLoan): string {
  return l.consents
    .filter((c) => c.status !== 'not-needed')
    .map((c) => `${c.item} ${c.status}${c.expectedBy && c.status !== 'granted' ? ` by ${c.expectedBy.slice(0, 10)}` : ''}`)
    .join('; ');
}

/** The tables of a briefing, shared by the PDF and the workbook. */
export function briefingTables(input: BriefingInput): BriefingTables {
  const { proposal: p, advice } = input;
  const currency = input.currency ?? 'USD';
  // The advice lists its levers best first (CONTRACT.md: by weighted shortfall, then the milder change, then cost): kept in that order.
  const levers = advice?.levers ?? [];

  const loans: LoanRow[] = p.loans.map((l) => ({
    loanId: l.loanId,
    fromMission: l.fromMission,
    toMission: l.toMission,
    capability: l.capability,
    quantity: l.quantity,
    units: l.unitIds.join(', '),
    contributor: l.contributor,
    distanceKm: l.distanceKm,
    arriveBy: day(l.arriveBy),
    returnBy: day(l.returnBy),
    coverage: l.coverage,
    transferCost: l.cost.transfer,
    sustainmentPerDay: l.cost.sustainmentPerDay,
    totalCost: l.cost.total,
    consents: consentSummary(l),
    criticalPath: l.criticalPath,
    review: l.review?.decision ?? 'proposed',
  }));

  // Consents to secure: every pending or overdue consent a proposed loan waits for (one row per
  // item and pair), then every consent an advice lever says would unlock a shortfall.
  const consents: ConsentRow[] = [];
  const byKey = new Map<string, ConsentRow & { loanIds: string[] }>();
  for (const l of p.loans) {
    for (const c of l.consents) {
      if (c.status !== 'pending' && c.status !== 'overdue') continue;
      const key = `${c.item} ${l.fromMission}->${l.toMission}`;
      const row = byKey.get(key);
      if (row) {
        row.loanIds.push(l.loanId);
        const expected = c.expectedBy ? day(c.expectedBy) : undefined;
        if (expected && (!row.expectedBy || expected < row.expectedBy)) row.expectedBy = expected;
        continue;
      }
      byKey.set(key, { item: c.item, fromMission: l.fromMission, toMission: l.toMission, status: c.status, forWhat: '', loanIds: [l.loanId], ...(c.expectedBy ? { expectedBy: day(c.expectedBy) } : {}) });
    }
  }
  for (const row of byKey.values()) {
    const lever = levers.find((lv) => {
      const t = isConsentLever(lv) ? leverConsentTarget(lv.target) : undefined;
      return t && lv.latestUseful && t.fromMission === row.fromMission && t.toMission === row.toMission && t.items.includes(row.item);
    });
    const { loanIds, ...rest } = row;
    consents.push({ ...rest, forWhat: `loans ${loanIds.join(', ')}`, ...(lever?.latestUseful ? { lastUseful: day(lever.latestUseful) } : {}) });
  }
  for (const lv of levers) {
    if (!isConsentLever(lv)) continue;
    const t = leverConsentTarget(lv.target);
    if (!t) continue;
    for (const item of t.items) {
      if (consents.some((c) => c.item === item && c.fromMission === t.fromMission && c.toMission === t.toMission && c.forWhat === `demand ${lv.demandId}`)) continue;
      consents.push({
        item,
        fromMission: t.fromMission,
        toMission: t.toMission,
        status: lv.lever === 'consent-validity' ? 'to renew' : 'to secure',
        forWhat: `demand ${lv.demandId} (+${lv.gain.units} units)`,
        ...(lv.latestUseful ? { lastUseful: day(lv.latestUseful) } : {}),
      });
    }
  }

  const shortfalls: ShortfallRow[] = p.unmet.map((u) => {
    const best = levers.find((lv) => lv.demandId === u.demandId);
    return {
      demandId: u.demandId,
      missionId: u.missionId,
      capability: u.capability,
      shortfall: u.shortfall,
      reasons: u.reasons.map((r) => `${r.missionId}: ${r.reason} (${r.detail})`).join('; '),
      bestLever: best ? `${best.lever} ${best.target}: ${best.change} (+${best.gain.units} units)` : '',
    };
  });

  const leverRows: LeverRow[] = levers.map((lv) => ({
    demandId: lv.demandId,
    lever: lv.lever,
    target: lv.target,
    change: lv.change,
    ...(lv.latestUseful ? { latestUseful: day(lv.latestUseful) } : {}),
    gainUnits: lv.gain.units,
    gainCoverageDays: lv.gain.coverageDays,
    cost: lv.cost,
  }));

  const summary: BriefingTables['summary'] = [
    { label: 'Proposal', value: p.proposalId },
    { label: 'Scope', value: p.scope },
    { label: 'Version', value: p.version },
    { label: 'As of', value: day(p.asOf) },
    { label: 'Status', value: p.status },
    { label: 'Solver', value: `${p.solver.engine} ${p.solver.status}` },
    { label: 'Solver objective', value: p.solver.objective },
    { label: 'Loans', value: p.loans.length },
    { label: 'Units lent', value: p.loans.reduce((s, l) => s + l.quantity, 0) },
    { label: `Total cost (${currency})`, value: p.loans.reduce((s, l) => s + l.cost.total, 0) },
    { label: 'Units short', value: p.unmet.reduce((s, u) => s + u.shortfall, 0) },
    { label: 'Advice', value: advice ? `${advice.levers.length} levers${advice.complete === false ? ' (partial: the time budget ran out)' : ''}` : `none${input.adviceUnavailable ? `: ${input.adviceUnavailable}` : ''}` },
  ];

  return { summary, loans, consents, shortfalls, levers: leverRows, currency };
}
