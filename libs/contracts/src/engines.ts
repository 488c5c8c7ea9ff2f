/**
 * The solver engines, listed once: the config (IMC_SOLVER), the `plan --solver` option and the
 * optimizer all read this list, so a new engine cannot be accepted by one and refused by another.
 */
export const ENGINES = ['auto', 'jslp', 'highs', 'greedy'] as const;

export type Engine = (typeof ENGINES)[number];
