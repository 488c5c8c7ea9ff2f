import type { Ctx } from '../context';
import { h } from '../dom';

const STATUS_LABEL: Record<string, string> = { normal: 'normal', crisis: 'in crisis', 'start-up': 'start-up', drawdown: 'drawdown' };

/** A floor the mission cannot keep in full: it holds fewer units than the floor's minimum count. */
const FLOOR_NOTE =
  'A floor above what is held: the floor is the larger of the reserve floor rule\'s minimum count and its share of what is held (policy reserveFloors: minCount, minFraction). Where the minimum count is more than the mission holds, the mission keeps every unit it has and lends none.';

export function missionsView(ctx: Ctx): HTMLElement {
  const { missions, postures } = ctx.state;
  let floorAboveHeld = false;
  const rows = missions.flatMap((m) => {
    const p = postures.get(m.missionId);
    const caps = (p?.capabilities ?? []).filter((c) => c.held > 0 || c.onLoanIn > 0 || c.proposedOut > 0);
    if (caps.length === 0) return [h('tr', {}, h('th', { scope: 'row' }, m.missionId), h('td', {}, STATUS_LABEL[m.effectiveStatus] ?? m.effectiveStatus), h('td', { colspan: 8, class: 'muted' }, p ? 'no units' : 'loading…'))];
    return caps.map((c, i) =>
      h(
        'tr',
        { class: i === 0 ? 'first' : '' },
        i === 0 ? h('th', { scope: 'rowgroup', rowspan: caps.length }, m.missionId, h('br'), h('span', { class: 'muted small' }, m.name)) : null,
        i === 0 ? h('td', { rowspan: caps.length }, h('span', { class: `badge status-${m.effectiveStatus}` }, STATUS_LABEL[m.effectiveStatus] ?? m.effectiveStatus)) : null,
        h('td', {}, c.capability),
        h('td', { class: 'num' }, c.held),
        h('td', { class: 'num' }, c.available),
        h('td', { class: 'num' }, c.onLoanOut),
        h('td', { class: 'num' }, c.onLoanIn),
        c.floor > c.held
          ? ((floorAboveHeld = true), h('td', { class: 'num floor-above', title: `floor ${c.floor} above the ${c.held} held`, 'aria-describedby': 'floor-note' }, String(c.floor), h('sup', { class: 'note-mark', 'aria-hidden': 'true' }, '*')))
          : h('td', { class: 'num' }, c.floor),
        h('td', { class: 'num' }, c.lendable),
        h('td', { class: 'num' }, c.proposedOut),
      ),
    );
  });
  return h(
    'section',
    { 'aria-labelledby': 'missions-title' },
    h('h2', { id: 'missions-title' }, 'Missions'),
    h('p', { class: 'muted' }, 'Posture per capability: held at home, available, lent out, borrowed in, the floor the mission keeps, what it could lend, and what the current proposal lends.'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { id: 'missions-table' },
        h('caption', {}, `${missions.length} missions`),
        h('thead', {}, h('tr', {}, ['Mission', 'Status', 'Capability', 'Held', 'Available', 'On loan out', 'On loan in', 'Floor', 'Lendable', 'Proposed out'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows),
      ),
    ),
    floorAboveHeld && h('p', { class: 'muted small', id: 'floor-note' }, h('span', { 'aria-hidden': 'true' }, '* '), FLOOR_NOTE),
  );
}
