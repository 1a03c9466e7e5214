/** A trainee's session on a live desk: nothing of the live desk answers them (practice mode only), so it says so. */
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../language/LanguageSwitcher';
import { SignedInUser } from './SignedInUser';

export function PracticeOnlyScreen() {
  const { t } = useTranslation();
  return (
    <main className="sign-in" aria-labelledby="practice-only-title">
      <h1 id="practice-only-title">{t('app.title')}</h1>
      <p role="alert">{t('identity.practiceOnly')}</p>
      <SignedInUser />
      <LanguageSwitcher />
    </main>
  );
}
