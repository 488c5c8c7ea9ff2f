import type { LiveState } from './live';
import type { Advice, Loan, MissionPosture, MissionView, ProposalView, Role } from '../model';

export type AdviceState = { status: 'loading' } | { status: 'unavailable'; why: string } | { status: 'ready'; advice: Advice };

/** Everything the pages show; fetched from the public API and refreshed by the live stream. */
export interface AppState {
  role?: Role;
  identity?: string;
  live: LiveState;
  proposal?: ProposalView;
  /** Advice of `proposal`, by proposal id. */
  advice: Map<string, AdviceState>;
  loans: Loan[];
  missions: MissionView[];
  postures: Map<string, MissionPosture>;
  loadError?: string;
}

export interface Ctx {
  state: AppState;
  /** Shows a short message in the status line (and to screen readers). */
  notify(message: string, kind?: 'info' | 'error'): void;
  /** Fetches the named parts again and re-renders. */
  reload(...what: ('proposal' | 'loans' | 'missions' | 'postures')[]): Promise<void>;
  rerender(): void;
}
