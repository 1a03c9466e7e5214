import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { invoke, hasTransport } from './app/api';
import { initI18n } from './app/i18n';
import { useApp } from './app/app-store';
import { Workspace } from './app/Workspace';
import { NoConnection } from './app/NoConnection';
import { startMediaBridge } from './media/peer-manager';
import { startRinger } from './media/ringer';
import './styles.css';

async function start(): Promise<void> {
  const settings = hasTransport ? await invoke('settings.get', {}) : null;
  await initI18n(settings?.ok ? settings.value.language : 'en');
  const connected = hasTransport && (await useApp.getState().load());
  if (connected) {
    startMediaBridge();
    startRinger();
  }
  const root = createRoot(document.getElementById('root')!);
  root.render(<StrictMode>{connected ? <Workspace /> : <NoConnection />}</StrictMode>);
}

void start();
