/** Toasts: short, dismissible notices. Errors arrive as codes and are shown translated. */
import { create } from 'zustand';
import type { CarefrontError } from '../../../shared/errors';
import type { WriteKind } from '../../../shared/ehr/write-back';

export interface Toast {
  id: number;
  kind: 'info' | 'error';
  /** An i18n key under errors.* or a ready translated message. */
  errorCode?: CarefrontError['code'];
  text?: string;
  /** A write the EHR refused: the kind of record and why (shown translated). */
  writeFailed?: { kind: WriteKind | null; code: CarefrontError['code'] };
}

interface ToastState {
  toasts: Toast[];
  push: (toast: Omit<Toast, 'id'>) => void;
  dismiss: (id: number) => void;
}

/** How many toasts are on the screen at once (the newest); the store keeps no more than that either. */
export const TOASTS_SHOWN = 3;

let nextId = 1;

export const useToasts = create<ToastState>((set) => ({
  toasts: [],
  push: (toast) => {
    const id = nextId++;
    set((s) => ({ toasts: [...s.toasts.slice(-(TOASTS_SHOWN - 1)), { ...toast, id }] }));
    setTimeout(() => {
      set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
    }, 8000);
  },
  dismiss: (id) => {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
}));

export const toastError = (error: CarefrontError) => {
  useToasts.getState().push({ kind: 'error', errorCode: error.code });
};

/**
 * For an event handler that cannot await its work (a form's submit, a device change): a rejection
 * (the link to main dropped, a device that went away) is shown to the agent as the internal-error
 * toast instead of being lost.
 */
export const toastIfRejected = (work: Promise<unknown>): void => {
  work.catch(() => {
    toastError({ code: 'internal', message: 'An action in the page failed unexpectedly' });
  });
};
