import { consentLabel, consentList, ConsentResolution, validityLimit } from '../../consent.rule';
import type { LeadTime } from '../../lead-time.rule';
import { addDays, isoDay, toMs } from '../../time.util';
import type { Check, PairContext } from '../eligibility';

/**
 * `contributor PAK consent pending 40 d`, `council UNSC authorization pending 12 d`,
 * `notice to move 30 d`, `contributor PAK consent overdue since 2011-01-05, planned 14 d`.
 */
export function delayCause(lead: LeadTime, consents: readonly ConsentResolution[]): string {
  const transit = lead.transitDays > 0 ? ` + transit ${lead.transitDays} d` : '';
  if (lead.criticalPath === 'notice') return `notice to move ${lead.noticeDays} d${transit}`;
  const c = consents.find((r) => consentLabel(r) === lead.criticalPath);
  if (!c) return `${lead.criticalPath} pending${transit}`;
  const what = c.kind === 'council' ? 'authorization' : 'consent';
  if (c.overdue) return `${c.kind} ${c.party} ${what} overdue since ${isoDay(c.expectedBy ?? '')}, planned ${Math.ceil(c.delayDays)} d${transit}`;
  return `${c.kind} ${c.party} ${what} pending ${Math.ceil(c.delayDays)} d${transit}`;
}

/**
 * A loan arriving after the window, or there for less of it than policy.minCoverage, is too late.
 * (v3) A consent whose validUntil falls inside the window, after the units arrive, is a renewal,
 * not lateness: the pair passes when its coverage if renewed meets the minimum (costing marks the
 * loan with `renewal` and `coverageIfRenewed`), as the Council's four weeks of late 2010 were
 * renewed and the helicopters went. A consent ending before the units even arrive still makes the
 * loan too late, and the detail says which one.
 */
export const timeliness: Check<PairContext> = {
  name: 'timeliness',
  check: (c) => {
    const { lead, arriveBy, coverage, validUntil, coverageIfRenewed } = c.timing();
    if (coverage >= c.policy.minCoverage) return undefined;
    if (validUntil !== undefined && coverageIfRenewed !== undefined && toMs(validUntil) > toMs(arriveBy) && coverageIfRenewed >= c.policy.minCoverage) return undefined;
    const validity = validityLimit(c.consents);
    if (validUntil !== undefined && validity && toMs(validUntil) < toMs(c.demand.window.end) && toMs(validUntil) < toMs(addDays(arriveBy, c.policy.maxLoanDays))) {
      const window = `${isoDay(c.demand.window.start)}..${isoDay(c.demand.window.end)}`;
      return {
        reason: 'too-late',
        consents: [validity.items[0]],
        detail: `${validity.items[0]} consent valid until ${isoDay(validUntil)}: arrival ${isoDay(arriveBy)} covers ${Math.round(coverage * 100)}% of window ${window}, min ${Math.round(c.policy.minCoverage * 100)}%`,
      };
    }
    const cause = delayCause(lead, consentList(c.consents));
    const w = c.demand.window;
    const detail =
      coverage <= 0
        ? `${cause}: arrival ${isoDay(arriveBy)} after window end ${isoDay(w.end)}`
        : `${cause}: arrival ${isoDay(arriveBy)} covers ${Math.round(coverage * 100)}% of window ${isoDay(w.start)}..${isoDay(w.end)}, min ${Math.round(c.policy.minCoverage * 100)}%`;
    // A consent on the critical path is what a grant now would bring forward.
    return lead.criticalPath === 'notice' ? { reason: 'too-late', detail } : { reason: 'too-late', detail, consents: [lead.criticalPath] };
  },
};
