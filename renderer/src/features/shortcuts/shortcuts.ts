/**
 * THE keyboard shortcuts of the workspace: one table (what the help lists, what aria-keyshortcuts
 * says, what the handlers match). Keys are matched by physical position (KeyboardEvent.code), so they
 * work the same with an Arabic, Chinese, French or German keyboard layout.
 */
import { useEffect, useEffectEvent } from 'react';
import { ESCALATIONS, type Escalation } from '../../../../shared/escalation/targets';

export type ShortcutId =
  | 'answer'
  | 'reject'
  | 'hold'
  | 'mute'
  | 'hangUp'
  | `escalate.${Escalation}`
  | 'verify'
  | 'redFlags'
  | 'newCaller'
  | 'search'
  | 'schedule'
  | 'move'
  | 'knowledge'
  | 'wrapUpSave'
  | 'help';

interface Shortcut {
  /** KeyboardEvent.code */
  code: string;
  alt: boolean;
  ctrl: boolean;
  /** As people read it (aria-keyshortcuts syntax). */
  label: string;
}

const alt = (code: string, label: string): Shortcut => ({ code, alt: true, ctrl: false, label: `Alt+${label}` });

export const SHORTCUTS: Record<ShortcutId, Shortcut> = {
  answer: alt('KeyA', 'A'),
  reject: alt('KeyR', 'R'),
  hold: alt('KeyH', 'H'),
  mute: alt('KeyM', 'M'),
  hangUp: alt('KeyE', 'E'),
  ...(Object.fromEntries(ESCALATIONS.map((e, i) => [`escalate.${e}`, alt(`Digit${i + 1}`, String(i + 1))])) as Record<`escalate.${Escalation}`, Shortcut>),
  verify: alt('KeyV', 'V'),
  redFlags: alt('KeyF', 'F'),
  newCaller: alt('KeyN', 'N'),
  search: alt('KeyS', 'S'),
  schedule: alt('KeyB', 'B'),
  move: alt('KeyT', 'T'),
  knowledge: alt('KeyI', 'I'),
  wrapUpSave: { code: 'Enter', alt: false, ctrl: true, label: 'Control+Enter' },
  help: alt('KeyK', 'K'),
};

export const SHORTCUT_IDS = Object.keys(SHORTCUTS) as ShortcutId[];

export function matchesShortcut(id: ShortcutId, e: Pick<KeyboardEvent, 'code' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): boolean {
  const s = SHORTCUTS[id];
  return e.code === s.code && e.altKey === s.alt && e.ctrlKey === s.ctrl && !e.metaKey && !e.shiftKey;
}

/** Runs `handler` on the shortcut anywhere in the window while `enabled`; the key is then consumed. */
export function useShortcut(id: ShortcutId, handler: () => void, enabled = true): void {
  // The handler of the latest render, without re-subscribing when it changes.
  const onShortcut = useEffectEvent(handler);
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (!matchesShortcut(id, e)) return;
      e.preventDefault();
      onShortcut();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
    };
  }, [id, enabled]);
}

/** Does what a shortcut does, as if its keys were pressed anywhere in the window (a call guide's action buttons). */
export function runShortcut(id: ShortcutId): void {
  const s = SHORTCUTS[id];
  window.dispatchEvent(new KeyboardEvent('keydown', { code: s.code, altKey: s.alt, ctrlKey: s.ctrl, bubbles: true, cancelable: true }));
}
