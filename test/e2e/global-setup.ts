// Starts the app in browser mode (real services, a fresh encrypted demo store in a temp dir) and
// hands its URL to the tests. Stopped by the returned teardown.
import fs from 'node:fs';
import path from 'node:path';
import { root, startApp } from './app-process';

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!fs.existsSync(path.join(root, 'dist/renderer/index.html'))) {
    throw new Error('dist/renderer is missing: run `npm run build:renderer` first (npm test does)');
  }
  const app = await startApp();
  process.env.CAREFRONT_URL = app.url;
  process.env.CAREFRONT_ORIGIN = `http://127.0.0.1:${app.port}`;
  return () => app.stop();
}
