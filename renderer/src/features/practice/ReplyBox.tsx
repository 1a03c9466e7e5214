/** How the trainee answers the simulated caller: one of the suggested replies, or typed (with the coach's hints). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PracticeView } from '../../../../shared/practice/view';
import { CoachHints } from '../coach/CoachHints';
import { usePractice } from './store';

export function ReplyBox({ view }: { view: PracticeView }) {
  const { t } = useTranslation();
  const reply = usePractice((s) => s.reply);
  const [text, setText] = useState('');
  if (view.phase !== 'onCall') return null;
  return (
    <div className="practice-reply">
      {view.replies.length > 0 && (
        <div role="group" aria-labelledby="practice-suggested" className="reply-choices">
          <p id="practice-suggested" className="small muted">
            {t('practice.suggested')}
          </p>
          {view.replies.map((r) => (
            <button key={r.index} type="button" className="secondary" dir="auto" data-testid="practice-choice" onClick={() => void reply({ choice: r.index })}>
              {r.text}
            </button>
          ))}
        </div>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (text.trim())
            void reply({ text: text.trim() }).then((ok) => {
              if (ok) setText('');
            });
        }}
      >
        <label htmlFor="practice-reply-text">{t('practice.yourReply')}</label>
        <textarea
          id="practice-reply-text"
          dir="auto"
          rows={2}
          maxLength={1000}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
          }}
        />
        <CoachHints text={text} />
        <button type="submit" disabled={!text.trim()}>
          {t('practice.send')}
        </button>
      </form>
    </div>
  );
}
