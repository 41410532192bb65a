/** The manager's screens, in the order of their tabs (ManagerScreens; each has manager.tab.<name> in the locales). */
export const MANAGER_TABS = ['receive', 'transfers', 'waste', 'stocktake', 'lowStock', 'conflicts', 'rates', 'settings'] as const;
export type ManagerTab = (typeof MANAGER_TABS)[number];
