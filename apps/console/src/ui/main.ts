import { api, ApiProblem, errorText, token, whenUnauthorized } from './api';
import type { AppState, Ctx } from './context';
import { byId, h } from './dom';
import { LiveStream, LiveState } from './live';
import type { Loan, MissionPosture, MissionView, Places, ProposalView, Role } from '../model';
import { Generations, isTransient, retryDelayMs } from '../refresh';
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

type Part = 'proposal' | 'loans' | 'missions' | 'postures' | 'places';
const generations = new Generations<Part>();
/** Failed reads waiting to be tried again, with how many times each has failed in a row. */
const retries = new Map<Part, { failures: number; timer?: ReturnType<typeof setTimeout> }>();

/**
 * Reads one part of what the page shows. Only the latest read of a part may change the page (see
 * Generations); one that meets an API still loading or unreachable is tried again by itself, so a
 * sign-in during the API's start or a blink of the network ends on a complete page, not an empty one.
 */
async function load(what: Part): Promise<void> {
  const generation = generations.next(what);
  const retry = retries.get(what);
  if (retry?.timer !== undefined) clearTimeout(retry.timer);
  if (retry) retry.timer = undefined;
  try {
    if (what === 'proposal') {
      const proposal = await api<ProposalView>('GET', '/v1/proposals/current');
      if (!generations.isLatest(what, generation)) return;
      state.proposal = proposal;
      state.loadError = undefined;
      const id = proposal.proposalId;
      if (!state.advice.has(id)) {
        state.advice.set(id, { status: 'loading' });
        void loadAdvice(id).then((a) => {
          state.advice.set(id, a);
          render();
        });
      }
    } else if (what === 'loans') {
      const loans = await api<Loan[]>('GET', '/v1/loans');
      if (!generations.isLatest(what, generation)) return;
      state.loans = loans;
    } else if (what === 'places') {
      const places = await api<Places>('GET', '/v1/places');
      if (!generations.isLatest(what, generation)) return;
      state.places = places;
    } else if (what === 'missions') {
      const missions = await api<MissionView[]>('GET', '/v1/missions');
      if (!generations.isLatest(what, generation)) return;
      state.missions = missions;
    } else {
      const entries = await Promise.all(state.missions.map(async (m) => [m.missionId, await api<MissionPosture>('GET', `/v1/missions/${encodeURIComponent(m.missionId)}/posture`)] as const));
      if (!generations.isLatest(what, generation)) return;
      state.postures = new Map(entries);
    }
    if (retries.delete(what) && retries.size === 0) ctx.notify('The API answers again: the page is up to date.');
  } catch (error) {
    if (!generations.isLatest(what, generation) || token.get() === null) return;
    failed(what, error);
  }
}

function failed(what: Part, error: unknown): void {
  const status = error instanceof ApiProblem ? error.status : 0;
  const message = errorText(error);
  if (what === 'proposal' && status === 404) {
    // Nothing to retry: the live stream says when the allocator publishes one.
    retries.delete(what);
    state.proposal = undefined;
    state.loadError = 'No proposal yet: the allocator publishes one once it has a world to plan.';
    return;
  }
  if (!isTransient(status)) {
    retries.delete(what);
    if (what === 'proposal') {
      state.proposal = undefined;
      state.loadError = message;
    } else ctx.notify(`Could not load the ${what}: ${message}`, 'error');
    return;
  }
  const failures = (retries.get(what)?.failures ?? 0) + 1;
  const delay = retryDelayMs(failures);
  const again = `trying again in ${Math.round(delay / 1000)} s`;
  // What was shown stays shown (older, but better than nothing); an empty page says why it is empty.
  if (what === 'proposal' && !state.proposal) state.loadError = `Waiting for the API (${message}); ${again}.`;
  ctx.notify(`Could not load the ${what} (${message}); ${again}.`, 'error');
  const timer = setTimeout(() => {
    const r = retries.get(what);
    if (r) r.timer = undefined;
    // Postures are read per mission: once the missions load, their postures follow.
    void load(what)
      .then(() => (what === 'missions' ? load('postures') : undefined))
      .then(render);
  }, delay);
  retries.set(what, { failures, timer });
}

/** Everything the pages show, each part drawn as soon as it arrives. */
async function loadAll(): Promise<void> {
  if (!state.proposal && !state.loadError) state.loadError = 'Loading the current proposal…';
  await Promise.all([
    load('proposal').then(render),
    load('loans').then(render),
    load('places').then(render),
    load('missions').then(async () => {
      render();
      await load('postures');
      render();
    }),
  ]);
}

function stopRetries(): void {
  for (const r of retries.values()) if (r.timer !== undefined) clearTimeout(r.timer);
  retries.clear();
  generations.forgetAll();
}

function onLiveEvent(event: string, data: unknown): void {
  const d = data as Record<string, unknown>;
  if (event === 'hello') {
    state.role = d.role as Role;
    state.identity = String(d.identity ?? '');
    // Each (re)connection: the stream does not replay what happened while it was away.
    renderHeader();
    void loadAll();
  } else if (event === 'proposal' && d.scope === 'global' && d.proposalId !== state.proposal?.proposalId) {
    ctx.notify(`New proposal ${String(d.proposalId)} (as of ${String(d.asOf).slice(0, 10)})`);
    // A new proposal follows a change of the world: units may have moved, crises opened or closed.
    void Promise.all([load('proposal'), load('missions'), load('places')]).then(async () => {
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
  stopRetries();
  Object.assign(state, { role: undefined, identity: undefined, proposal: undefined, places: undefined, loadError: undefined, loans: [], missions: [], postures: new Map(), live: 'offline' as LiveState });
  signInError = message;
  // What the status line said was about the session that ended.
  ctx.notify('');
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

/**
 * Signed in: read what the pages show right away, and follow the stream. The reads do not wait for
 * the stream's `hello`: a page must show the proposal even while the stream cannot connect (it then
 * says "offline, retrying"); `hello` tells the role, which shows the buttons the role may use.
 */
function start(): void {
  connect();
  render();
  void loadAll();
}

/** The sign-in form on the page, and the error it was drawn with (see render). */
let signInForm: { el: HTMLElement; error: string } | undefined;

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
          // The next sign-in starts from an empty form: the token is not left in the page.
          signInForm = undefined;
          start();
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

/**
 * The header, updated in place: its links and buttons are built once per sign-in and keep their
 * elements, so a click on them is never lost to a re-render (the stream's state changes often
 * while it connects).
 */
function renderHeader(): void {
  const signedIn = token.get() !== null;
  const page = currentPage();
  const nav = byId('nav');
  if (!signedIn) nav.replaceChildren();
  else if (nav.querySelectorAll('a').length !== PAGES.length) {
    nav.replaceChildren(h('ul', {}, PAGES.map((p) => h('li', {}, h('a', { href: `#${p.page}` }, p.label)))));
  }
  for (const a of Array.from(nav.querySelectorAll('a'))) {
    if (a.getAttribute('href') === `#${page}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const session = byId('session');
  if (!signedIn) {
    session.replaceChildren();
    return;
  }
  if (!document.getElementById('live-state')) {
    session.replaceChildren(
      h('span', { id: 'live-state', title: 'Updates arrive without reloading while live' }, h('span', { class: 'dot', 'aria-hidden': 'true' }), h('span', { class: 'label' })),
      h('span', { id: 'who' }),
      h('button', { type: 'button', id: 'sign-out', onclick: () => signOut() }, 'Sign out'),
    );
  }
  const liveLabel = { connecting: 'connecting…', live: 'live', offline: 'offline, retrying' }[state.live];
  byId('live-state').className = `live ${state.live}`;
  setText(byId('live-state').querySelector('.label') as HTMLElement, liveLabel);
  setText(byId('who'), state.role ? `${state.role} (${state.identity})` : '');
}

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/**
 * A render while a mouse button or a finger is down would replace the element under it, and the
 * browser then fires no click (the press and the release met different elements): a click on a
 * link or a button just as a live update or a read arrived was lost. Renders wait for the release
 * (the click is dispatched first), or at most PRESS_HOLD_MS.
 */
const PRESS_HOLD_MS = 2000;
let pressedAt: number | undefined;
let renderWaiting = false;
function released(): void {
  pressedAt = undefined;
  if (!renderWaiting) return;
  renderWaiting = false;
  setTimeout(render, 0);
}
document.addEventListener('pointerdown', () => (pressedAt = Date.now()), true);
for (const type of ['pointerup', 'pointercancel']) document.addEventListener(type, released, true);
window.addEventListener('blur', released);

/** Re-renders the page, keeping the focus on the same control when it is still there. */
function render(): void {
  if (pressedAt !== undefined && Date.now() - pressedAt < PRESS_HOLD_MS) {
    if (!renderWaiting) setTimeout(() => renderWaiting && released(), PRESS_HOLD_MS);
    renderWaiting = true;
    return;
  }
  renderHeader();
  const active = document.activeElement as HTMLElement | null;
  const focusId = active && active !== document.body ? active.id : '';
  const main = byId('main');
  const page = PAGES.find((p) => p.page === currentPage()) ?? PAGES[0];
  document.title = token.get() ? `${page.label} · planner console` : 'Sign in · planner console';
  if (token.get()) main.replaceChildren(drawn(page));
  else {
    // The form is kept while it stays on the page, so what is being typed into it survives a render.
    if (!signInForm || signInForm.error !== signInError) signInForm = { el: signInView(), error: signInError };
    if (main.firstElementChild !== signInForm.el || main.childElementCount !== 1) main.replaceChildren(signInForm.el);
  }
  if (focusId) document.getElementById(focusId)?.focus({ preventScroll: true });
}

/** A page that fails to draw says so where it would be (and in the console), instead of leaving the previous one. */
function drawn(page: (typeof PAGES)[number]): HTMLElement {
  try {
    return page.view(ctx);
  } catch (error) {
    console.error(error);
    return h('section', {}, h('h2', {}, page.label), h('p', { class: 'error', role: 'alert' }, `This page could not be drawn: ${errorText(error)}`));
  }
}

whenUnauthorized(() => signOut('The API refused this token.'));
window.addEventListener('hashchange', () => {
  render();
  byId('main').focus({ preventScroll: true });
});
if (token.get()) start();
else render();

// The skip link must not change the hash, which names the page.
document.querySelector('a.skip')?.addEventListener('click', (e) => {
  e.preventDefault();
  byId('main').focus();
});
