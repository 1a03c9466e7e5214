/**
 * A guide step's action, done the way the desk already does it: verify goes to the next identifier to ask for (as
 * Alt+V), book to the free-time search (as Alt+B), escalate chooses that target (as its Alt+digit), and callback
 * sets the wrap-up's disposition to the one that promises a callback (its time is asked in the wrap-up).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DISPOSITIONS } from '../../../../shared/domain/dispositions';
import type { GuideAction } from '../../../../shared/guides/schema';
import { runShortcut } from '../shortcuts/shortcuts';
import { useWrapUp } from '../wrap-up/store';

/** The disposition that requires a callback (the first such in the dispositions file). */
const CALLBACK_DISPOSITION = DISPOSITIONS.all.find((d) => d.followUp === 'required' && d.followUpKind === 'callback')?.code ?? null;

export function GuideActionButton({ action }: { action: GuideAction }) {
  const { t } = useTranslation();
  const setWrapUp = useWrapUp((s) => s.set);
  const [noted, setNoted] = useState(false);
  const label =
    action.kind === 'escalate' ? t('guides.actions.escalate', { target: t(`escalation.targets.${action.target}`) }) : t(`guides.actions.${action.kind}`);
  const run = () => {
    switch (action.kind) {
      case 'verify':
        runShortcut('verify');
        return;
      case 'book':
        runShortcut('schedule');
        return;
      case 'escalate':
        runShortcut(`escalate.${action.target}`);
        return;
      case 'callback':
        if (CALLBACK_DISPOSITION) setWrapUp({ disposition: CALLBACK_DISPOSITION });
        setNoted(true);
    }
  };
  return (
    <div className="guide-action">
      <button type="button" className="secondary" data-action={action.kind} onClick={run}>
        {label}
      </button>
      {noted && (
        <span role="status" className="muted small">
          {t('guides.callbackNoted')}
        </span>
      )}
    </div>
  );
}
