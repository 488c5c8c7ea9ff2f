import type { LiveState } from './live';
import type { Advice, Loan, MissionPosture, MissionView, Places, ProposalView, Role } from '../model';

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
  /** Units' bases, crisis and demand sites (GET /v1/places); undefined until read, or from an API without it. */
  places?: Places;
  loadError?: string;
}

export interface Ctx {
  state: AppState;
  /** Shows a short message in the status line (and to screen readers). */
  notify(message: string, kind?: 'info' | 'error'): void;
  /** Fetches the named parts again and re-renders. */
  reload(...what: ('proposal' | 'loans' | 'missions' | 'postures' | 'places')[]): Promise<void>;
  rerender(): void;
}
