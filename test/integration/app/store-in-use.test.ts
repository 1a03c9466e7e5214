// The app's own store through the real services and dispatcher: held for the app's lifetime (a
// rekey from the admin CLI is refused), and a full disk reaches the page as its own code.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cliErrorCode } from '../../cli-error';
import { useDeskThroughDispatcher } from './desk-through-dispatcher';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const desk = useDeskThroughDispatcher('store-in-use', { demoPatients: 50 });

describe('the running app and its store', () => {
  it('a CLI rekey is refused while the app runs, and the app keeps working', async () => {
    const keyBefore = fs.readFileSync(path.join(desk.dir, 'demo.key'), 'utf8');
    const r = spawnSync(
      process.execPath,
      [
        path.join(REPO_ROOT, 'bin/carefront-admin.mjs'),
        'rekey',
        '--db',
        path.join(desk.dir, 'demo.db'),
        '--key-file',
        path.join(desk.dir, 'demo.key'),
        '--json',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(cliErrorCode(r.stderr)).toBe('cacheInUse');
    expect(fs.readFileSync(path.join(desk.dir, 'demo.key'), 'utf8')).toBe(keyBefore);
    const info = await desk.dispatch('app.info', {});
    expect(info.ok).toBe(true);
  });

  it('a full disk comes out as cacheDiskFull, not internal', async () => {
    const mrn = (desk.services.store.connection().prepare('SELECT mrn FROM patient_index WHERE mrn IS NOT NULL LIMIT 1').get() as { mrn: string }).mrn;
    const db = desk.services.store.connection();
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    try {
      let code = '';
      for (let i = 0; i < 10_000 && !code; i += 1) {
        const r = await desk.dispatch('patients.search', { mrn });
        if (!r.ok) code = r.error.code;
      }
      expect(code).toBe('cacheDiskFull');
    } finally {
      db.pragma('max_page_count = 1073741823');
    }
    expect((await desk.dispatch('patients.search', { mrn })).ok).toBe(true);
  });
});
