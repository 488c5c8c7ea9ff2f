import { api, ApiProblem, download, errorText } from '../api';
import type { AdviceState, Ctx } from '../context';
import { h } from '../dom';
import { currencyOf, day, money, percent } from '../../format';
import type { Advice, Decision, ProposalView } from '../../model';
import { roleAtLeast } from '../../model';

/** What the approver is in the middle of; kept across re-renders so a live update loses nothing. */
const draft = { proposalId: '', selected: new Set<string>(), reason: '', busy: false, error: '', done: '' };

export function proposalView(ctx: Ctx): HTMLElement {
  const p = ctx.state.proposal;
  if (!p) return h('section', {}, h('h2', {}, 'Current proposal'), h('p', {}, ctx.state.loadError ?? 'No proposal yet: the allocator publishes one once it has a world to plan.'));
  if (draft.proposalId !== p.proposalId) {
    // A new proposal: keep only the choices that still name one of its loans still open to review.
    const open = new Set(p.loans.filter((l) => !l.review).map((l) => l.loanId));
    draft.selected = new Set([...draft.selected].filter((id) => open.has(id)));
    draft.proposalId = p.proposalId;
  }
  const approver = roleAtLeast(ctx.state.role, 'approver');
  return h(
    'section',
    { 'aria-labelledby': 'proposal-title' },
    h('h2', { id: 'proposal-title' }, 'Current proposal'),
    summary(p),
    briefingLink(p),
    loansTable(p, approver, ctx),
    approver ? decisionForm(p, ctx) : h('p', { class: 'muted', id: 'no-decide' }, 'Approving and rejecting loans needs an approver token.'),
    recalls(p),
    shortDemands(p, ctx.state.advice.get(p.proposalId)),
  );
}

function summary(p: ProposalView): HTMLElement {
  return h(
    'dl',
    { class: 'summary', id: 'proposal-summary' },
    h('dt', {}, 'Proposal'),
    h('dd', { id: 'proposal-id' }, p.proposalId),
    h('dt', {}, 'As of'),
    h('dd', {}, day(p.asOf)),
    h('dt', {}, 'Solver'),
    h('dd', {}, `${p.solver.engine}, ${p.solver.status}, ${p.solver.solveMs} ms`),
    h('dt', {}, 'Loans'),
    h('dd', {}, String(p.loans.length)),
    h('dt', {}, 'Short demands'),
    h('dd', {}, String(p.unmet.length)),
    h('dt', {}, 'Costs in'),
    h('dd', { id: 'proposal-currency' }, currencyOf(p)),
  );
}

const briefing = { error: '' };

/**
 * The proposal's briefing to hand on (a PDF; the API also answers it as a workbook, .xlsx). A link
 * to the PDF, downloaded with the token in its header rather than followed.
 */
function briefingLink(p: ProposalView): HTMLElement {
  const path = `/v1/proposals/${encodeURIComponent(p.proposalId)}/briefing.pdf`;
  const filename = `briefing-${p.proposalId.replace(/[^A-Za-z0-9._-]+/g, '-')}.pdf`;
  const status = h('span', { class: 'muted', role: 'status', id: 'briefing-status' }, briefing.error);
  return h(
    'p',
    { class: 'buttons' },
    h(
      'a',
      {
        id: 'briefing',
        class: 'button',
        href: path,
        download: filename,
        onclick: (e: Event) => {
          e.preventDefault();
          status.textContent = 'preparing the briefing…';
          download(path, filename).then(
            () => (status.textContent = briefing.error = ''),
            (error: unknown) => (status.textContent = briefing.error = `briefing: ${errorText(error)}`),
          );
        },
      },
      'Briefing (PDF)',
    ),
    status,
  );
}

function loansTable(p: ProposalView, approver: boolean, ctx: Ctx): HTMLElement {
  if (p.loans.length === 0) return h('p', {}, 'This proposal lends nothing.');
  const head = ['Loan', 'Demand', 'Units', 'From', 'To', 'Arrival', 'Coverage', `Cost (${currencyOf(p)})`, 'Pending consents', 'Critical path', 'Review'];
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { id: 'proposal-loans' },
      h('caption', {}, `Loans of ${p.proposalId}`),
      h('thead', {}, h('tr', {}, approver && h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Select')), head.map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        {},
        p.loans.map((l) => {
          const label = `${l.quantity} ${l.capability} ${l.fromMission} to ${l.toMission}`;
          const box = h('input', { type: 'checkbox', id: `select-${l.loanId}`, 'data-loan': l.loanId, 'aria-label': `Select ${label}`, disabled: !!l.review });
          box.checked = draft.selected.has(l.loanId);
          box.addEventListener('change', () => {
            if (box.checked) draft.selected.add(l.loanId);
            else draft.selected.delete(l.loanId);
            ctx.rerender();
          });
          return h(
            'tr',
            { 'data-loan': l.loanId, class: l.review ? `reviewed ${l.review.decision}` : '' },
            approver && h('td', {}, box),
            // The id as the Loans page shows it: the same loan reads the same on both pages.
            h('td', { class: 'mono loan-id' }, l.loanId),
            h('td', {}, h('span', { class: 'mono' }, l.demandId)),
            h('td', { class: 'num' }, `${l.quantity} ${l.capability}`),
            h('td', {}, l.fromMission),
            h('td', {}, l.toMission),
            h('td', { class: 'date' }, day(l.arriveBy)),
            h('td', { class: 'num' }, percent(l.coverage)),
            h('td', { class: 'num' }, money(l.cost.total)),
            h('td', {}, l.pending.length ? l.pending.join(', ') : 'none'),
            h('td', {}, l.criticalPath),
            h('td', { class: 'review' }, l.review ? l.review.decision : 'pending'),
          );
        }),
      ),
    ),
  );
}

function decisionForm(p: ProposalView, ctx: Ctx): HTMLElement {
  const reason = h('input', { type: 'text', id: 'decision-reason', maxlength: 500, autocomplete: 'off' });
  reason.value = draft.reason;
  reason.addEventListener('input', () => (draft.reason = reason.value));
  const decide = async (decision: 'approved' | 'rejected'): Promise<void> => {
    const loanIds = [...draft.selected];
    if (loanIds.length === 0) return fail('select at least one loan first');
    if (decision === 'rejected' && draft.reason.trim() === '') return fail('give a reason for a rejection: the allocator shows it to the next planner');
    draft.busy = true;
    draft.error = '';
    draft.done = '';
    ctx.rerender();
    try {
      const d = await api<Decision>('POST', `/v1/proposals/${encodeURIComponent(p.proposalId)}/decisions`, { decision, loanIds, ...(draft.reason.trim() ? { reason: draft.reason.trim() } : {}) });
      draft.selected.clear();
      draft.reason = '';
      // Kept beside the form: the status line moves on when the next proposal arrives.
      draft.done = `${d.decision === 'approved' ? 'Approved' : 'Rejected'} ${d.loanIds.length} loan(s) of ${d.proposalId}${d.reason ? ` (${d.reason})` : ''}.`;
      ctx.notify(draft.done);
      await ctx.reload('proposal');
    } catch (error) {
      fail(error instanceof ApiProblem ? error.message : String(error));
    } finally {
      draft.busy = false;
      ctx.rerender();
    }
  };
  const fail = (message: string): void => {
    draft.error = message;
    ctx.rerender();
    document.getElementById('decision-error')?.focus();
  };
  const n = draft.selected.size;
  return h(
    'form',
    { class: 'decision', id: 'decision-form', 'aria-labelledby': 'decision-title', onsubmit: (e: Event) => e.preventDefault() },
    h('h3', { id: 'decision-title' }, 'Decide'),
    h('p', {}, n === 0 ? 'Select loans in the table above.' : `${n} loan(s) selected.`),
    h('label', { for: 'decision-reason' }, 'Reason (required to reject)'),
    reason,
    h(
      'div',
      { class: 'buttons' },
      h('button', { type: 'button', id: 'approve', class: 'primary', disabled: draft.busy || n === 0, onclick: () => void decide('approved') }, 'Approve selected'),
      h('button', { type: 'button', id: 'reject', class: 'danger', disabled: draft.busy || n === 0, onclick: () => void decide('rejected') }, 'Reject selected'),
    ),
    draft.error && h('p', { class: 'error', id: 'decision-error', role: 'alert', tabindex: -1 }, draft.error),
    draft.done && h('p', { class: 'done', id: 'decision-done' }, draft.done),
  );
}

function recalls(p: ProposalView): HTMLElement | null {
  if (p.recalls.length === 0) return null;
  return h(
    'div',
    { class: 'recalls' },
    h('h3', {}, 'Loans worth ending now'),
    h('ul', {}, p.recalls.map((r) => h('li', {}, h('strong', {}, `${r.loanId} (${r.reason})`), `: ${r.detail}`))),
    h('p', { class: 'muted' }, 'Recall them on the Loans page.'),
  );
}

function shortDemands(p: ProposalView, advice: AdviceState | undefined): HTMLElement {
  return h(
    'div',
    { class: 'short', id: 'short-demands' },
    h('h3', {}, `Short demands (${p.unmet.length})`),
    p.unmet.length === 0
      ? h('p', {}, 'Every demand is met.')
      : p.unmet.map((u) => {
          const box = h(
            'details',
            { class: 'demand', 'data-demand': u.demandId, open: openDemands.has(u.demandId) },
            h('summary', {}, h('span', { class: 'mono' }, u.demandId), ` · ${u.missionId} short ${u.shortfall} ${u.capability}`),
            h('h4', {}, 'Why no donor could lend'),
            u.reasons.length ? h('ul', { class: 'reasons' }, u.reasons.map((r) => h('li', {}, h('strong', {}, `${r.missionId}: ${r.reason}`), ` · ${r.detail}`))) : h('p', {}, 'No candidate donor.'),
            h('h4', {}, 'Advice'),
            adviceFor(u.demandId, advice),
          );
          box.addEventListener('toggle', () => (box.open ? openDemands.add(u.demandId) : openDemands.delete(u.demandId)));
          return box;
        }),
  );
}

/**
 * The short demands the planner opened. The page is drawn again when the advice arrives and on
 * every live update; an opened demand must stay open rather than fold away under the reader.
 */
const openDemands = new Set<string>();

function adviceFor(demandId: string, advice: AdviceState | undefined): HTMLElement {
  if (!advice || advice.status === 'loading') return h('p', { class: 'muted' }, 'loading advice…');
  if (advice.status === 'unavailable') return h('p', { class: 'muted advice-none' }, `no advice yet (${advice.why})`);
  const levers = advice.advice.levers.filter((l) => l.demandId === demandId);
  if (levers.length === 0) {
    const why = advice.advice.levers.length === 0 && advice.advice.note ? ` (${advice.advice.note})` : '';
    return h('p', { class: 'muted advice-none' }, `no lever found that would reduce this shortfall${why}`);
  }
  const latest = (l: (typeof levers)[number]) => (l.latestUseful ? `, by ${l.latestUseful} at the latest` : '');
  return h('ul', { class: 'advice' }, levers.map((l) => h('li', {}, h('strong', {}, `${l.lever}: ${l.target}`), ` · ${l.change}${latest(l)}: +${l.gain.units} units, ${l.gain.coverageDays} days covered, cost ${money(l.cost, currencyOf(advice.advice))}`)));
}

/** Advice is computed by planning variants, so it is fetched once per proposal, not per render. */
export async function loadAdvice(proposalId: string): Promise<AdviceState> {
  try {
    return { status: 'ready', advice: await api<Advice>('GET', `/v1/proposals/${encodeURIComponent(proposalId)}/advice`) };
  } catch (error) {
    if (error instanceof ApiProblem && (error.status === 404 || error.status === 501)) return { status: 'unavailable', why: error.status === 501 ? 'not offered by this API' : 'none for this proposal' };
    // A newer proposal came first: its own advice is fetched when the page shows it.
    if (error instanceof ApiProblem && error.status === 409) return { status: 'unavailable', why: 'this proposal was superseded before its advice was computed' };
    return { status: 'unavailable', why: errorText(error) };
  }
}
