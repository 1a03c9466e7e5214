/**
 * `carefront-admin identity set|show|clear|check`: the organisation's identity provider for the desk's
 * sign-in, kept beside the store (its folder is the data directory) with a sealed digest, so an edit made
 * outside this command is refused. `set --file` takes the settings as JSON (issuer, client id, scope, the
 * claims read and which claim values grant which role); `check` asks the provider's discovery document now.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../../shared/errors';
import { SecretBox } from '../../main/services/secret-box';
import type { IdentitySettings } from '../../identity/identity-settings';
import { IdentityStore } from '../../identity/identity-store';
import { checkProvider } from '../../identity/provider-check';
import { keyFileProvider } from '../key-provider';
import type { CommonOptions } from './commands';
import { EXIT, printResult, UsageError } from './output';

const MAX_SETTINGS_FILE_BYTES = 64 * 1024;

function openStore(o: CommonOptions): IdentityStore {
  const storeKey = keyFileProvider(o.keyFile).readKey();
  if (!storeKey)
    throw new CodedError(
      'cacheMissingKey',
      'the store has no key file yet; open the store once (e.g. `carefront-admin stats`) before setting the identity provider',
    );
  return new IdentityStore(path.dirname(path.resolve(o.db)), new SecretBox(storeKey));
}

function readSettingsFile(file: string | undefined): unknown {
  if (!file) throw new UsageError('identity set needs --file SETTINGS.json');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UsageError('--file: the file cannot be read');
  }
  if (!stat.isFile() || stat.size > MAX_SETTINGS_FILE_BYTES) throw new UsageError('--file: not a settings file (JSON of at most 64 KiB)');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    throw new CodedError('identitySettingsInvalid', '--file: the file is not JSON');
  }
}

const grants = (roles: Record<string, string[]>): string =>
  Object.entries(roles)
    .map(([role, values]) => `${role} ← ${values.length ? values.join(', ') : '(none)'}`)
    .join('; ');

function plainLines(s: IdentitySettings): string {
  return [
    `issuer:             ${s.issuer}`,
    `client id:          ${s.clientId} (public native client; redirect http://127.0.0.1${s.redirectPath}, any port)`,
    `scope:              ${s.scope}`,
    `claims:             roles from "${s.claims.roles}", team from "${s.claims.team}", name from "${s.claims.name}"`,
    `desk roles:         ${grants(s.deskRoles)}`,
    `verification roles: ${grants(s.verificationRoles)}`,
    'no role granted:    trainee (practice only) and frontDesk, with a notice',
  ].join('\n');
}

export async function identityCommand(o: CommonOptions, sub: string | undefined, file: string | undefined): Promise<number> {
  switch (sub) {
    case 'set': {
      const saved = openStore(o).save(readSettingsFile(file));
      printResult(o.json, saved, () => `identity provider saved\n${plainLines(saved)}`);
      return EXIT.ok;
    }
    case 'show': {
      const settings = openStore(o).load();
      printResult(o.json, settings, () => (settings ? plainLines(settings) : 'no identity provider is set'));
      return EXIT.ok;
    }
    case 'clear': {
      const had = openStore(o).clear();
      printResult(o.json, { cleared: had }, () => (had ? 'identity provider cleared' : 'no identity provider was set'));
      return EXIT.ok;
    }
    case 'check': {
      const settings = openStore(o).load();
      if (!settings) throw new CodedError('identitySettingsInvalid', 'no identity provider is set (carefront-admin identity set --file ...)');
      const checked = await checkProvider(settings);
      printResult(o.json, { ok: true, ...checked }, () =>
        [
          `the identity provider answers for ${checked.issuer}`,
          `sign-out:  ${checked.endSession ? 'ends the provider session too' : 'the provider has no end-session endpoint: only the desk forgets the user'}`,
          `revocation: ${checked.revocation ? 'the refresh token is revoked at sign-out' : 'not offered'}`,
          ...(checked.claimsListed && (!checked.claimsListed.roles || !checked.claimsListed.team)
            ? ['note: the provider does not list every claim the settings read (everyone gets least privilege if the roles claim never comes)']
            : []),
        ].join('\n'),
      );
      return EXIT.ok;
    }
    case undefined:
    default:
      throw new UsageError('identity supports: set, show, clear, check');
  }
}
