import { api, ApiProblem } from '../api';
import type { Ctx } from '../context';
import { h } from '../dom';
import { dateInput, day } from '../../format';
import { isOpen, orderLoans } from '../../loan-order';
import type { Loan } from '../../model';
import { roleAtLeast } from '../../model';

/** The return or recall being filled in, if any; kept across live re-renders. */
const action: { kind?: 'return' | 'recall'; loanId?: string; date: string; reason: string; error: string; busy: boolean; done: string } = { date: '', reason: '', error: '', busy: false, done: '' };

export function loansView(ctx: Ctx): HTMLElement {
  const loans = orderLoans(ctx.state.loans);
  const planner = roleAtLeast(ctx.state.role, 'planner');
  const approver = roleAtLeast(ctx.state.role, 'approver');
  const start = (kind: 'return' | 'recall', loan: Loan) => () => {
    Object.assign(action, { kind, loanId: loan.loanId, date: dateInput(ctx.state.proposal?.asOf), reason: '', error: '', done: '' });
    ctx.rerender();
    document.getElementById('action-date')?.focus();
  };
  return h(
    'section',
    { 'aria-labelledby': 'loans-title' },
    h('h2', { id: 'loans-title' }, 'Loans'),
    h('p', { class: 'muted' }, 'Overdue loans first, then those needing a decision, then loans under way; returned and recalled ones last.', !planner && ' Recording a return needs a planner token, a recall an approver token.'),
    action.kind && action.loanId ? actionForm(ctx) : null,
    action.done && h('p', { class: 'done', id: 'action-done' }, action.done),
    loans.length === 0
      ? h('p', {}, 'No loans yet: they appear once an approver approves a proposed loan.')
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { id: 'loans-table' },
            h('caption', {}, `${loans.length} loans`),
            h('thead', {}, h('tr', {}, ['Status', 'Loan', 'Units', 'From', 'To', 'Approved', 'Arrives by', 'Return by', 'Actions'].map((t) => h('th', { scope: 'col' }, t)))),
            h(
              'tbody',
              {},
              loans.map((l) =>
                h(
                  'tr',
                  { 'data-loan': l.loanId, class: `status-${l.status}` },
                  h('td', {}, h('span', { class: `badge status-${l.status}` }, l.status)),
                  h('td', { class: 'mono loan-id' }, l.loanId),
                  h('td', {}, `${l.quantity} ${l.capability}`),
                  h('td', {}, l.fromMission),
                  h('td', {}, l.toMission),
                  h('td', { class: 'date' }, day(l.approvedAt)),
                  h('td', { class: 'date' }, day(l.arriveBy)),
                  h('td', { class: 'date' }, day(l.returnBy)),
                  h(
                    'td',
                    { class: 'actions' },
                    planner && isOpen(l.status) && h('button', { type: 'button', id: `return-${l.loanId}`, onclick: start('return', l), 'aria-label': `Record the return of ${l.loanId}` }, 'Return'),
                    approver && isOpen(l.status) && h('button', { type: 'button', id: `recall-${l.loanId}`, onclick: start('recall', l), 'aria-label': `Recall ${l.loanId}` }, 'Recall'),
                  ),
                ),
              ),
            ),
          ),
        ),
  );
}

function actionForm(ctx: Ctx): HTMLElement {
  const kind = action.kind as 'return' | 'recall';
  const loanId = action.loanId as string;
  // Typed and shown YYYY-MM-DD like every date of the page (a date input follows the browser's locale).
  const date = h('input', { type: 'text', id: 'action-date', required: true, inputmode: 'numeric', pattern: '\\d{4}-\\d{2}-\\d{2}', placeholder: 'YYYY-MM-DD', maxlength: 10, autocomplete: 'off' });
  date.value = action.date;
  date.addEventListener('input', () => (action.date = date.value));
  const reason = h('input', { type: 'text', id: 'action-reason', maxlength: 500, autocomplete: 'off', required: kind === 'recall' });
  reason.value = action.reason;
  reason.addEventListener('input', () => (action.reason = reason.value));
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(action.date)) return fail('give the date as YYYY-MM-DD');
    if (kind === 'recall' && action.reason.trim() === '') return fail('a recall needs a reason');
    action.busy = true;
    ctx.rerender();
    const at = `${action.date}T00:00:00Z`;
    try {
      if (kind === 'return') await api('POST', `/v1/loans/${encodeURIComponent(loanId)}/return`, { returnedAt: at });
      else await api('POST', `/v1/loans/${encodeURIComponent(loanId)}/recall`, { recalledAt: at, reason: action.reason.trim() });
      // Kept on the page: the status line moves on with the next live update.
      action.done = kind === 'return' ? `Return of ${loanId} recorded; the allocator marks it returned.` : `Recall of ${loanId} recorded; the allocator marks it recalled.`;
      ctx.notify(action.done);
      Object.assign(action, { kind: undefined, loanId: undefined, error: '' });
    } catch (error) {
      action.error = error instanceof ApiProblem ? error.message : String(error);
    } finally {
      action.busy = false;
      ctx.rerender();
    }
  };
  const fail = (message: string): void => {
    action.error = message;
    ctx.rerender();
  };
  return h(
    'form',
    { class: 'action', id: 'loan-action', 'aria-labelledby': 'action-title', onsubmit: (e: Event) => void submit(e) },
    h('h3', { id: 'action-title' }, kind === 'return' ? `Record the return of ${loanId}` : `Recall ${loanId}`),
    h('label', { for: 'action-date' }, kind === 'return' ? 'Returned on (YYYY-MM-DD)' : 'Recalled on (YYYY-MM-DD)'),
    date,
    kind === 'recall' && h('label', { for: 'action-reason' }, 'Reason'),
    kind === 'recall' && reason,
    h(
      'div',
      { class: 'buttons' },
      h('button', { type: 'submit', id: 'action-submit', class: 'primary', disabled: action.busy }, kind === 'return' ? 'Record return' : 'Recall'),
      h('button', { type: 'button', id: 'action-cancel', onclick: () => { Object.assign(action, { kind: undefined, loanId: undefined, error: '' }); ctx.rerender(); } }, 'Cancel'),
    ),
    action.error && h('p', { class: 'error', role: 'alert' }, action.error),
  );
}
