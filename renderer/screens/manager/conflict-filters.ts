import { CONFLICT_STATES } from '../../../shared/policy/conflict-lifecycle';

/** The lists of the conflicts screen: one per state, and all of them (conflicts.filter.<name> in the locales). */
export const CONFLICT_FILTERS = [...CONFLICT_STATES, 'all'] as const;
export type ConflictFilter = (typeof CONFLICT_FILTERS)[number];
