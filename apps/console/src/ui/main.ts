import { api, token, whenUnauthorized } from './api';
import type { AppState, Ctx } from './context';
import { byId, h } from './dom';
import { LiveStream, LiveState } from './live';
import type { Loan, MissionPosture, MissionView, ProposalView, Role } from '../model';
import { loansView } from './views/loans';
import { mapView } from './views/map';
import { missionsView } from './views/missions';
import { loadAdvice, proposalView } from './views/proposal';
import { whatIfView } from './views/what-if';

type Page = 'map' | 'proposal' | 'loans' | 'missions' | 'what-if';
const PAGES: { page: Page; label: string; view: (ctx: Ctx) => HTMLElement }[] = [
  { page: 'map', label: 'Map', view: mapView },
  { page: 'proposal', label: 'Proposal', view: proposalView },
  { page: 'loans', label: 'Loans', view: loansView },
  { page: 'missions', label: 'Missions', view: missionsView },
  { page: 'what-if', label: 'What if?', view: whatIfView },
];

const state: AppState = { live: 'offline', advice: new Map(), loans: [], missions: [], postures: new Map() };
let live: LiveStream | undefined;
let signInError = '';

function currentPage(): Page {
  const hash = location.hash.replace(/^#\/?/, '');
  return PAGES.some((p) => p.page === hash) ? (hash as Page) : 'map';
}

const ctx: Ctx = {
  state,
  notify(message, kind = 'info') {
    const el = byId('status');
    el.textContent = message;
    el.className = `status ${kind}`;
  },
  async reload(...what) {
    await Promise.all(what.map((w) => load(w)));
    render();
  },
  rerender: () => render(),
};

async function load(what: 'proposal' | 'loans' | 'missions' | 'postures'): Promise<void> {
  try {
    if (what === 'proposal') {
      state.proposal = await api<ProposalView>('GET', '/v1/proposals/current');
      state.loadError = undefined;
      const id = state.proposal.proposalId;
      if (!state.advice.has(id)) {
        state.advice.set(id, { status: 'loading' });
        void loadAdvice(id).then((a) => {
          state.advice.set(id, a);
          render();
        });
      }
    } else if (what === 'loans') state.loans = await api<Loan[]>('GET', '/v1/loans');
    else if (what === 'missions') state.missions = await api<MissionView[]>('GET', '/v1/missions');
    else {
      const entries = await Promise.all(state.missions.map(async (m) => [m.missionId, await api<MissionPosture>('GET', `/v1/missions/${encodeURIComponent(m.missionId)}/posture`)] as const));
      state.postures = new Map(entries);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (what === 'proposal') {
      state.proposal = undefined;
      state.loadError = /404/.test(message) || /not-found|no proposal/i.test(message) ? 'No proposal yet: the allocator publishes one once it has a world to plan.' : message;
    } else ctx.notify(`could not load ${what}: ${message}`, 'error');
  }
}

async function loadAll(): Promise<void> {
  await Promise.all([load('proposal'), load('loans'), load('missions')]);
  render();
  await load('postures');
  render();
}

function onLiveEvent(event: string, data: unknown): void {
  const d = data as Record<string, unknown>;
  if (event === 'hello') {
    state.role = d.role as Role;
    state.identity = String(d.identity ?? '');
    void loadAll();
  } else if (event === 'proposal' && d.scope === 'global' && d.proposalId !== state.proposal?.proposalId) {
    ctx.notify(`New proposal ${String(d.proposalId)} (as of ${String(d.asOf).slice(0, 10)})`);
    void Promise.all([load('proposal'), load('missions')]).then(async () => {
      render();
      await load('postures');
      render();
    });
  } else if (event === 'loan' && typeof d.loanId === 'string') {
    const loan = data as Loan;
    state.loans = [...state.loans.filter((l) => l.loanId !== loan.loanId), loan];
    render();
  }
}

function signOut(message = ''): void {
  live?.stop();
  live = undefined;
  token.clear();
  Object.assign(state, { role: undefined, identity: undefined, proposal: undefined, loans: [], missions: [], postures: new Map(), live: 'offline' as LiveState });
  signInError = message;
  render();
}

function connect(): void {
  live?.stop();
  live = new LiveStream({
    onEvent: onLiveEvent,
    onState: (s) => {
      state.live = s;
      renderHeader();
    },
    onUnauthorized: () => signOut('The API refused this token.'),
  });
  live.start();
}

function signInView(): HTMLElement {
  const input = h('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'off', required: true, 'aria-describedby': 'token-help' });
  return h(
    'section',
    { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h2', { id: 'sign-in-title' }, 'Sign in'),
    h(
      'form',
      {
        id: 'sign-in',
        onsubmit: (e: Event) => {
          e.preventDefault();
          const value = input.value.trim();
          if (!value) return;
          token.set(value);
          signInError = '';
          connect();
          render();
        },
      },
      h('label', { for: 'token' }, 'API token'),
      input,
      h('p', { id: 'token-help', class: 'muted small' }, 'The token your operator gave you (npm start prints a development one). It stays in this tab only and is sent as a bearer header.'),
      h('button', { type: 'submit', class: 'primary', id: 'sign-in-button' }, 'Sign in'),
      signInError && h('p', { class: 'error', role: 'alert' }, signInError),
    ),
  );
}

function renderHeader(): void {
  const signedIn = token.get() !== null;
  const page = currentPage();
  byId('nav').replaceChildren(
    ...(signedIn ? [h('ul', {}, PAGES.map((p) => h('li', {}, h('a', { href: `#${p.page}`, 'aria-current': p.page === page ? 'page' : undefined }, p.label))))] : []),
  );
  const liveLabel = { connecting: 'connecting…', live: 'live', offline: 'offline, retrying' }[state.live];
  byId('session').replaceChildren(
    ...(signedIn
      ? [
          h('span', { class: `live ${state.live}`, id: 'live-state', title: 'Updates arrive without reloading while live' }, h('span', { class: 'dot', 'aria-hidden': 'true' }), liveLabel),
          h('span', { id: 'who' }, state.role ? `${state.role} (${state.identity})` : ''),
          h('button', { type: 'button', id: 'sign-out', onclick: () => signOut() }, 'Sign out'),
        ]
      : []),
  );
}

/** Re-renders the page, keeping the focus on the same control when it is still there. */
function render(): void {
  renderHeader();
  const active = document.activeElement as HTMLElement | null;
  const focusId = active && active !== document.body ? active.id : '';
  const main = byId('main');
  const page = PAGES.find((p) => p.page === currentPage()) ?? PAGES[0];
  document.title = token.get() ? `${page.label} · planner console` : 'Sign in · planner console';
  main.replaceChildren(token.get() ? page.view(ctx) : signInView());
  if (focusId) document.getElementById(focusId)?.focus({ preventScroll: true });
}

whenUnauthorized(() => signOut('The API refused this token.'));
window.addEventListener('hashchange', () => {
  render();
  byId('main').focus({ preventScroll: true });
});
if (token.get()) connect();
render();

// The skip link must not change the hash, which names the page.
document.querySelector('a.skip')?.addEventListener('click', (e) => {
  e.preventDefault();
  byId('main').focus();
});
