/** The signed-in user in the call bar: name, desk and verification roles, least-privilege notices, and Sign out. */
import { useTranslation } from 'react-i18next';
import { useIdentity } from './store';

export function SignedInUser() {
  const { t } = useTranslation();
  const session = useIdentity((s) => s.status?.session ?? null);
  const signOut = useIdentity((s) => s.signOut);
  if (!session) return null;
  return (
    <section className="signed-in-user" aria-label={t('identity.user')}>
      <span className="signed-in-name">{t('identity.signedInAs', { name: session.name ?? t('identity.unnamed') })}</span>
      <span className="signed-in-roles">
        {t('identity.roles', {
          deskRole: t(`identity.deskRoles.${session.deskRole}`),
          verificationRole: t(`identity.verificationRoles.${session.verificationRole}`),
        })}
      </span>
      {session.notices.length > 0 && (
        <div role="status">
          <ul className="signed-in-notices">
            {session.notices.map((code) => (
              <li key={code}>{t(`identity.notices.${code}`)}</li>
            ))}
          </ul>
        </div>
      )}
      <button type="button" onClick={() => void signOut()}>
        {t('identity.signOut')}
      </button>
    </section>
  );
}
