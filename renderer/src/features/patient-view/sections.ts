/** The sections of the unified patient view, in display order. Masking decisions are per section. */
export const VIEW_SECTIONS = ['demographics', 'appointments', 'referrals', 'coverage', 'billing', 'proxies', 'history'] as const;
export type ViewSection = (typeof VIEW_SECTIONS)[number];
