/** The list of keyboard shortcuts (Alt+K, or the button): read from the one table, in the agent's language. */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS, SHORTCUT_IDS, useShortcut, type ShortcutId } from './shortcuts';

export function ShortcutHelp() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  useShortcut('help', () => {
    setOpen((o) => !o);
  });
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  const describe = (id: ShortcutId): string =>
    id.startsWith('escalate.')
      ? t('shortcuts.escalate', { target: t(`escalation.targets.${id.slice('escalate.'.length) as 'supervisor'}`) })
      : t(`shortcuts.items.${id as Exclude<ShortcutId, `escalate.${string}`>}`);
  return (
    <>
      <button
        type="button"
        className="secondary icon-button"
        onClick={() => {
          setOpen(true);
        }}
        aria-keyshortcuts={SHORTCUTS.help.label}
        aria-haspopup="dialog"
        title={`${t('shortcuts.open')} (${SHORTCUTS.help.label})`}
      >
        <span aria-hidden="true">⌨</span>
        <span className="visually-hidden">{t('shortcuts.open')}</span>
      </button>
      <dialog
        ref={dialog}
        className="shortcut-help"
        aria-labelledby="shortcut-help-title"
        onClose={() => {
          setOpen(false);
        }}
        data-testid="shortcut-help"
      >
        <h2 id="shortcut-help-title">{t('shortcuts.title')}</h2>
        <dl>
          {SHORTCUT_IDS.map((id) => (
            <div key={id} className="shortcut-row">
              <dt>
                <kbd>{SHORTCUTS[id].label}</kbd>
              </dt>
              <dd>{describe(id)}</dd>
            </div>
          ))}
        </dl>
        <button
          type="button"
          onClick={() => {
            setOpen(false);
          }}
        >
          {t('shortcuts.close')}
        </button>
      </dialog>
    </>
  );
}
