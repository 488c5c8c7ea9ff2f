import { consentLabel, consentList, ConsentResolution } from '../../consent.rule';
import type { LeadTime } from '../../lead-time.rule';
import { isoDay } from '../../time.util';
import type { Check, PairContext } from '../eligibility';

/** `contributor PAK consent pending 40 d`, `council UNSC authorization pending 12 d`, `notice to move 30 d`. */
export function delayCause(lead: LeadTime, consents: readonly ConsentResolution[]): string {
  const transit = lead.transitDays > 0 ? ` + transit ${lead.transitDays} d` : '';
  if (lead.criticalPath === 'notice') return `notice to move ${lead.noticeDays} d${transit}`;
  const c = consents.find((r) => consentLabel(r) === lead.criticalPath);
  if (!c) return `${lead.criticalPath} pending${transit}`;
  const what = c.kind === 'council' ? 'authorization' : 'consent';
  return `${c.kind} ${c.party} ${what} pending ${Math.ceil(c.delayDays)} d${transit}`;
}

/** A loan arriving after the window, or covering less of it than policy.minCoverage, is too late. */
export const timeliness: Check<PairContext> = {
  name: 'timeliness',
  check: (c) => {
    const { lead, arriveBy, coverage } = c.timing();
    if (coverage >= c.policy.minCoverage) return undefined;
    const cause = delayCause(lead, consentList(c.consents));
    const w = c.demand.window;
    const detail =
      coverage <= 0
        ? `${cause}: arrival ${isoDay(arriveBy)} after window end ${isoDay(w.end)}`
        : `${cause}: arrival ${isoDay(arriveBy)} covers ${Math.round(coverage * 100)}% of window ${isoDay(w.start)}..${isoDay(w.end)}, min ${Math.round(c.policy.minCoverage * 100)}%`;
    return { reason: 'too-late', detail };
  },
};
