import { api, ApiProblem } from '../api';
import type { Ctx } from '../context';
import { h } from '../dom';
import { currencyOf, day, money } from '../../format';
import type { Capability, Proposal, WhatIfProposal } from '../../model';
import { CAPABILITIES, CONSENT_KINDS, CONSENT_STATUSES, CRISIS_KINDS, roleAtLeast } from '../../model';
import { diffPlans } from '../../plan-diff';
import { consentEvent, crisisEvent, floorEvent, parsePasted, unitRemovedEvent, WhatIfEvent } from '../../what-if-events';

type Kind = 'crisis' | 'consent' | 'floor' | 'unit' | 'paste';
const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'crisis', label: 'A crisis' },
  { kind: 'consent', label: 'A consent' },
  { kind: 'floor', label: 'A reserve floor' },
  { kind: 'unit', label: 'A unit withdrawn' },
  { kind: 'paste', label: 'Paste events' },
];

/** The form's values, by field id; kept across re-renders (a live update must not clear a half-filled form). */
const values = new Map<string, string>();
const run: { busy: boolean; error: string; result?: WhatIfProposal; basis?: Proposal; sent?: number } = { busy: false, error: '' };
let kind: Kind = 'crisis';

export function whatIfView(ctx: Ctx): HTMLElement {
  const p = ctx.state.proposal;
  const missions = ctx.state.missions.map((m) => m.missionId);
  const asOf = p?.asOf ?? new Date().toISOString();
  if (!roleAtLeast(ctx.state.role, 'planner')) {
    return h('section', { 'aria-labelledby': 'whatif-title' }, h('h2', { id: 'whatif-title' }, 'What if?'), h('p', {}, 'Running a what-if needs a planner token.'));
  }
  const field = (id: string, label: string, input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, initial: string): HTMLElement => {
    input.id = id;
    input.value = values.get(id) ?? initial;
    values.set(id, input.value);
    input.addEventListener('input', () => values.set(id, input.value));
    input.addEventListener('change', () => values.set(id, input.value));
    return h('div', { class: 'field' }, h('label', { for: id }, label), input);
  };
  const select = (options: readonly string[]) => h('select', {}, options.map((o) => h('option', { value: o }, o)));
  const text = (type = 'text', extra: Record<string, string | number> = {}) => h('input', { type, autocomplete: 'off', ...extra });
  // A date typed and shown as the rest of the page writes dates (2012-11-26), not in the browser's
  // locale, which a date input follows (11/26/2012 in an American browser).
  const isoDate = () => text('text', { inputmode: 'numeric', pattern: '\\d{4}-\\d{2}-\\d{2}', placeholder: 'YYYY-MM-DD', maxlength: 10, 'aria-describedby': 'wi-date-format' });
  const firstShort = p?.unmet[0];
  const fields: Record<Kind, () => HTMLElement[]> = {
    crisis: () => [
      field('wi-crisis-type', 'Event', select(['imc.crisis.declared', 'imc.crisis.updated', 'imc.crisis.resolved']), 'imc.crisis.declared'),
      field('wi-crisis-id', 'Crisis id', text(), 'what-if-crisis'),
      field('wi-crisis-mission', 'Mission', select(missions), firstShort?.missionId ?? missions[0] ?? ''),
      field('wi-crisis-kind', 'Kind', select(CRISIS_KINDS), 'security'),
      field('wi-crisis-severity', 'Severity (1-5)', text('number', { min: 1, max: 5 }), '3'),
      field('wi-crisis-start', 'Window start', isoDate(), day(asOf)),
      field('wi-crisis-end', 'Window end', isoDate(), day(new Date(Date.parse(asOf) + 60 * 86_400_000).toISOString())),
      field('wi-crisis-capability', 'Capability needed', select(CAPABILITIES), 'infantry-company'),
      field('wi-crisis-quantity', 'Units needed', text('number', { min: 1 }), '1'),
      field('wi-crisis-priority', 'Priority (1-10)', text('number', { min: 1, max: 10 }), '5'),
      field('wi-crisis-version', 'Version (above the recorded one to change a crisis)', text('number', { min: 0 }), '1'),
      h('p', { class: 'muted small hint', id: 'wi-date-format' }, 'Dates as YYYY-MM-DD (UTC), as everywhere in the console.'),
    ],
    consent: () => [
      field('wi-consent-id', 'Consent id', text(), 'what-if-consent'),
      field('wi-consent-kind', 'Kind', select(CONSENT_KINDS), 'contributor'),
      field('wi-consent-party', 'Party (ISO3, or UNSC)', text(), ''),
      field('wi-consent-from', 'From mission', select(['*', ...missions]), '*'),
      field('wi-consent-to', 'To mission', select(['*', ...missions]), firstShort?.missionId ?? '*'),
      field('wi-consent-capability', 'Capability', select(['*', ...CAPABILITIES]), firstShort?.capability ?? '*'),
      field('wi-consent-status', 'Status', select(CONSENT_STATUSES), 'granted'),
      field('wi-consent-version', 'Version (above the recorded one)', text('number', { min: 0 }), '1000'),
    ],
    floor: () => [
      field('wi-floor-mission', 'Mission', select(missions), missions[0] ?? ''),
      field('wi-floor-capability', 'Capability', select(['*', ...CAPABILITIES]), '*'),
      field('wi-floor-fraction', 'Keeps at least this fraction (0-1)', text('number', { min: 0, max: 1, step: 0.05 }), '0.5'),
      field('wi-floor-count', 'and at least this many units', text('number', { min: 0 }), '1'),
      h('p', { class: 'muted small' }, 'Sent as a policy with the default floors plus this one.'),
    ],
    unit: () => [
      field('wi-unit-id', 'Unit id', text('text', { list: 'wi-unit-ids' }), ''),
      h('datalist', { id: 'wi-unit-ids' }, (p?.loans ?? []).flatMap((l) => l.unitIds).map((u) => h('option', { value: u }))),
      field('wi-unit-version', 'Version (above the recorded one)', text('number', { min: 0 }), '1000'),
    ],
    paste: () => [field('wi-paste', 'CloudEvents (a JSON array, or one per line)', h('textarea', { rows: 8, spellcheck: 'false' }), '')],
  };

  const num = (id: string): number => Number(values.get(id));
  const build = (): WhatIfEvent[] | Record<string, unknown>[] | string => {
    const v = (id: string): string => values.get(id) ?? '';
    switch (kind) {
      case 'crisis':
        for (const [id, name] of [['wi-crisis-start', 'window start'], ['wi-crisis-end', 'window end']]) {
          if (!isIsoDay(v(id))) return `give the ${name} as YYYY-MM-DD (a real day), not "${v(id)}"`;
        }
        return [crisisEvent({ type: v('wi-crisis-type') as never, crisisId: v('wi-crisis-id'), missionId: v('wi-crisis-mission'), kind: v('wi-crisis-kind'), severity: num('wi-crisis-severity'), start: v('wi-crisis-start'), end: v('wi-crisis-end'), capability: v('wi-crisis-capability') as Capability, quantity: num('wi-crisis-quantity'), priority: num('wi-crisis-priority'), version: num('wi-crisis-version') }, asOf)];
      case 'consent':
        return [consentEvent({ consentId: v('wi-consent-id'), kind: v('wi-consent-kind'), party: v('wi-consent-party').trim(), fromMission: v('wi-consent-from'), toMission: v('wi-consent-to'), capability: v('wi-consent-capability') as Capability, status: v('wi-consent-status'), version: num('wi-consent-version') }, asOf)];
      case 'floor':
        return [floorEvent(v('wi-floor-mission'), v('wi-floor-capability') as Capability, num('wi-floor-fraction'), num('wi-floor-count'), 1, asOf)];
      case 'unit':
        return [unitRemovedEvent(v('wi-unit-id').trim(), num('wi-unit-version'), asOf)];
      case 'paste': {
        const parsed = parsePasted(v('wi-paste'));
        return 'error' in parsed ? parsed.error : parsed.events;
      }
    }
  };
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const events = build();
    if (typeof events === 'string') {
      run.error = events;
      ctx.rerender();
      return;
    }
    run.busy = true;
    run.error = '';
    ctx.rerender();
    try {
      run.basis = ctx.state.proposal;
      run.result = await api<WhatIfProposal>('POST', '/v1/what-if', { events });
      run.sent = events.length;
    } catch (error) {
      run.error = error instanceof ApiProblem ? error.message : String(error);
    } finally {
      run.busy = false;
      ctx.rerender();
      document.getElementById(run.error ? 'whatif-error' : 'whatif-result-title')?.focus();
    }
  };

  const kindSelect = h('select', { id: 'wi-kind' }, KINDS.map((k) => h('option', { value: k.kind }, k.label)));
  kindSelect.value = kind;
  kindSelect.addEventListener('change', () => {
    kind = kindSelect.value as Kind;
    ctx.rerender();
  });
  return h(
    'section',
    { 'aria-labelledby': 'whatif-title' },
    h('h2', { id: 'whatif-title' }, 'What if?'),
    h('p', { class: 'muted' }, `Plans the current state (as of ${day(asOf)}) plus the change below, inside the API. Nothing is published.`),
    h(
      'form',
      { id: 'whatif-form', class: 'whatif-form', onsubmit: (e: Event) => void submit(e) },
      h('div', { class: 'field' }, h('label', { for: 'wi-kind' }, 'Change'), kindSelect),
      h('div', { class: 'fields' }, fields[kind]()),
      h('div', { class: 'buttons' }, h('button', { type: 'submit', id: 'whatif-run', class: 'primary', disabled: run.busy }, run.busy ? 'Planning…' : 'Run what-if')),
      run.error && h('p', { class: 'error', id: 'whatif-error', role: 'alert', tabindex: -1 }, run.error),
    ),
    run.result && run.basis ? sideBySide(run.basis, run.result) : null,
  );
}

/** A day written YYYY-MM-DD that exists (not 2012-02-30). */
function isIsoDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const t = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === text;
}

function sideBySide(current: Proposal & { currency?: string }, variant: WhatIfProposal): HTMLElement {
  const d = diffPlans(current, variant);
  const currency = currencyOf(variant);
  const totalCost = (p: Proposal): number => p.loans.reduce((sum, l) => sum + l.cost.total, 0);
  const added = new Set(d.added.map((l) => l.loanId));
  const removed = new Set(d.removed.map((l) => l.loanId));
  const loanList = (p: Proposal, mark: Set<string>, word: string) =>
    p.loans.length === 0
      ? h('p', {}, 'no loans')
      : h('ul', { class: 'plan-loans' }, p.loans.map((l) => h('li', { class: mark.has(l.loanId) ? word : '' }, mark.has(l.loanId) && h('strong', {}, `${word}: `), `${l.quantity} ${l.capability} ${l.fromMission} → ${l.toMission} (${l.demandId}), arrives ${day(l.arriveBy)}, cost ${money(l.cost.total, currency)}`)));
  const rejected = variant.whatIf.rejected;
  return h(
    'section',
    { class: 'whatif-result', 'aria-labelledby': 'whatif-result-title' },
    h('h3', { id: 'whatif-result-title', tabindex: -1 }, 'Result, side by side'),
    h('p', { id: 'whatif-summary' }, variant.whatIf.changed ? `${d.added.length} loan(s) added, ${d.removed.length} removed, ${d.kept.length} kept; total shortfall ${d.totalShortfall.before} → ${d.totalShortfall.after}; total cost ${money(totalCost(current), currency)} → ${money(totalCost(variant), currency)}.` : 'The change leaves the plan as it is.', ` Planned in ${variant.whatIf.ms} ms from ${variant.whatIf.basedOn ?? 'an empty world'}.`),
    rejected.length > 0 && h('ul', { class: 'error' }, rejected.map((r) => h('li', {}, `event ${r.index ?? ''}: ${r.reason}`))),
    h(
      'div',
      { class: 'columns' },
      h('div', { class: 'column', id: 'whatif-current' }, h('h4', {}, `Current (${current.proposalId})`), loanList(current, removed, 'removed')),
      h('div', { class: 'column', id: 'whatif-variant' }, h('h4', {}, 'What-if'), loanList(variant, added, 'added')),
    ),
    d.shortfall.length > 0 &&
      h(
        'table',
        { id: 'whatif-shortfall' },
        h('caption', {}, 'Shortfall by demand'),
        h('thead', {}, h('tr', {}, ['Demand', 'Mission', 'Current', 'What-if', 'Change'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, d.shortfall.map((s) => h('tr', { class: s.change < 0 ? 'better' : s.change > 0 ? 'worse' : '' }, h('td', { class: 'mono' }, s.demandId), h('td', {}, s.missionId), h('td', { class: 'num' }, s.before), h('td', { class: 'num' }, s.after), h('td', { class: 'num' }, s.change > 0 ? `+${s.change}` : String(s.change))))),
      ),
  );
}

