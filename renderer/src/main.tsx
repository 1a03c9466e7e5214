import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { must } from '../../shared/must';
import { hasTransport } from './app/api';
import { initI18n } from './app/i18n';
import { useApp } from './app/app-store';
import { Workspace } from './app/Workspace';
import { NoConnection } from './app/NoConnection';
import { SignInScreen } from './features/identity/SignInScreen';
import { PracticeOnlyScreen } from './features/identity/PracticeOnlyScreen';
import { needsSignIn, useIdentity } from './features/identity/store';
import { useIdleLock } from './features/identity/useIdleLock';
import { useLanguage } from './features/language/store';
import { startMediaBridge } from './media/media-bridge';
import { startRinger } from './media/ringer';
import './tokens.css';
import './styles.css';

async function start(): Promise<void> {
  await initI18n(hasTransport ? await useLanguage.getState().loadSaved() : 'en');
  const connected = hasTransport && (await useApp.getState().load());
  if (connected) {
    await useIdentity.getState().load();
    startMediaBridge();
    startRinger();
  }
  const root = createRoot(must(document.getElementById('root'), 'the root element'));
  root.render(<StrictMode>{connected ? <Desk /> : <NoConnection />}</StrictMode>);
}

/** The workspace, for the signed-in user; the sign-in screen while the site waits for one; a trainee on a live desk is told. */
function Desk() {
  useIdleLock();
  const signIn = useIdentity((s) => needsSignIn(s.status));
  const trainee = useIdentity((s) => s.status?.session?.deskRole === 'trainee');
  const live = useApp((s) => s.info?.mode === 'live');
  if (signIn) return <SignInScreen />;
  return trainee && live ? <PracticeOnlyScreen /> : <Workspace />;
}

void start();
