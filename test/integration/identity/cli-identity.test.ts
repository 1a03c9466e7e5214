/**
 * `carefront-admin identity set|show|check|clear` in child processes, against the real provider on loopback
 * (its certificate trusted through NODE_EXTRA_CA_CERTS, as an organisation's CA would be).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../admin-cli';
import { tempDir } from '../cache/helpers';
import { cliErrorCode } from '../../cli-error';
import { DESK_CLIENT_ID, startInteractiveOidcRig, type InteractiveOidcRig } from './interactive-oidc-rig';

describe('carefront-admin identity', () => {
  let rig: InteractiveOidcRig;
  let dir: string;
  let cleanup: () => void;
  let store: string[];
  let caFile: string;

  beforeAll(async () => {
    rig = await startInteractiveOidcRig();
    ({ dir, cleanup } = tempDir('carefront-identity-cli-'));
    store = ['--db', path.join(dir, 'site.db'), '--key-file', path.join(dir, 'site.key')];
    caFile = path.join(dir, 'provider-ca.pem');
    fs.writeFileSync(caFile, rig.certificate);
  });
  afterAll(async () => {
    await rig.close();
    cleanup();
  });

  /** Runs the CLI without blocking this process (the provider it talks to runs here). */
  const admin = (...args: string[]) => runAdmin(args, { cwd: dir, env: { CAREFRONT_DATA_DIR: path.join(dir, 'default-data'), NODE_EXTRA_CA_CERTS: caFile } });

  const settingsFile = (name: string, settings: unknown): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(settings));
    return file;
  };

  it('set from a file, show, check against the provider, clear', async () => {
    expect((await admin('stats', ...store)).status).toBe(0); // the store and its key exist
    expect((await admin('identity', 'show', ...store)).stdout).toBe('no identity provider is set\n');
    const file = settingsFile('identity.json', {
      issuer: rig.issuer,
      clientId: DESK_CLIENT_ID,
      deskRoles: { agent: ['cc-agents'], teamLead: ['cc-leads'] },
      verificationRoles: { supervisor: ['cc-leads'] },
    });
    const set = await admin('identity', 'set', '--file', file, ...store, '--json');
    expect(set.stderr).toBe('');
    expect(JSON.parse(set.stdout)).toMatchObject({
      issuer: rig.issuer,
      clientId: DESK_CLIENT_ID,
      scope: 'openid profile offline_access',
      claims: { roles: 'groups' },
    });

    const shown = await admin('identity', 'show', ...store);
    expect(shown.stdout).toContain('desk roles:         agent ← cc-agents; teamLead ← cc-leads; trainee ← (none)');
    expect(shown.stdout).toContain('no role granted:    trainee (practice only) and frontDesk');

    const checked = await admin('identity', 'check', ...store, '--json');
    expect(checked.stderr).toBe('');
    expect(JSON.parse(checked.stdout)).toEqual({
      ok: true,
      issuer: rig.issuer,
      authorizationEndpoint: `${rig.issuer}/auth`,
      tokenEndpoint: `${rig.issuer}/token`,
      endSession: true,
      revocation: true,
      claimsListed: { roles: true, team: true },
    });

    expect(JSON.parse((await admin('identity', 'clear', ...store, '--json')).stdout)).toEqual({ cleared: true });
    expect((await admin('identity', 'show', ...store, '--json')).stdout).toBe('null\n');
  }, 60_000);

  it('refuses bad settings with identitySettingsInvalid, and check says when the provider does not answer', async () => {
    expect((await admin('stats', ...store)).status).toBe(0);
    const http = await admin(
      'identity',
      'set',
      '--file',
      settingsFile('http.json', { issuer: 'http://login.example.org', clientId: 'desk' }),
      ...store,
      '--json',
    );
    expect(http.status).toBe(1);
    expect(cliErrorCode(http.stderr)).toBe('identitySettingsInvalid');
    expect(http.stderr).toContain('issuer must be an https URL');
    expect((await admin('identity', 'set', ...store)).status).toBe(64);

    const closed = await startInteractiveOidcRig();
    await closed.close();
    await admin('identity', 'set', '--file', settingsFile('gone.json', { issuer: closed.issuer, clientId: 'desk' }), ...store);
    const unreachable = await admin('identity', 'check', ...store, '--json');
    expect(unreachable.status).toBe(1);
    expect(cliErrorCode(unreachable.stderr)).toBe('signInUnreachable');
  }, 60_000);
});
