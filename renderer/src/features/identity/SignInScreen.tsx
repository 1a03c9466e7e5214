/** Shown instead of the workspace while the site signs its users in and nobody is signed in. */
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from '../language/LanguageSwitcher';
import { useIdentity } from './store';

export function SignInScreen() {
  const { t } = useTranslation();
  const provider = useIdentity((s) => s.status?.provider ?? '');
  const signingIn = useIdentity((s) => s.signingIn);
  const error = useIdentity((s) => s.error);
  const signIn = useIdentity((s) => s.signIn);
  const locked = useIdentity((s) => s.status?.locked ?? null);
  const ringing = useIdentity((s) => s.status?.ringingWhileLocked === true);
  return (
    <main className="sign-in" aria-labelledby="sign-in-title">
      <h1>{t('app.title')}</h1>
      <h2 id="sign-in-title">{t(locked ? 'identity.lockedTitle' : 'identity.title')}</h2>
      <p data-testid="sign-in-intro">{locked ? t('identity.lockedIntro', { name: locked.name ?? t('identity.unnamed') }) : t('identity.intro')}</p>
      {ringing && (
        <p className="locked-ringing" role="alert">
          {t('identity.ringingWhileLocked')}
        </p>
      )}
      <button type="button" disabled={signingIn} aria-describedby={signingIn ? 'sign-in-waiting' : undefined} onClick={() => void signIn()}>
        {t(locked ? 'identity.unlockWith' : 'identity.signInWith', { provider })}
      </button>
      {signingIn && (
        <p id="sign-in-waiting" role="status">
          {t('identity.waiting')}
        </p>
      )}
      {error && (
        <p className="sign-in-error" role="alert">
          {t('identity.failed', { reason: t(`errors.${error}`) })}
        </p>
      )}
      <LanguageSwitcher />
    </main>
  );
}
