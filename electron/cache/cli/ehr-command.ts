/**
 * `carefront-admin ehr set|show|clear|check`: the site's FHIR server connection, kept beside the store
 * (its folder is the data directory) with the private key sealed under the store key. The private key
 * is read from a file (never from the command line, where other users could see it) and never printed:
 * `show` prints the public half (to register at the EHR) and its thumbprint.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../../shared/errors';
import { SecretBox } from '../../main/services/secret-box';
import type { EhrConnection } from '../../ehr/connection-settings';
import { EhrConnectionStore } from '../../ehr/connection-store';
import { parsePrivateKey, publicKeyOf } from '../../ehr/private-key';
import { createEhrAuthorizer } from '../../ehr/smart-backend-auth';
import { keyFileProvider } from '../key-provider';
import type { CommonOptions } from './commands';
import { ehrLoadCommand } from './ehr-load-command';
import { EXIT, printResult, UsageError } from './output';

export interface EhrOptions {
  'base-url'?: string;
  auth?: string;
  'token-url'?: string;
  'client-id'?: string;
  'private-key'?: string;
  alg?: string;
  kid?: string;
  scope?: string;
  'interactive-as'?: string;
  'max-wait'?: string;
  'batch-size'?: string;
}

const MAX_KEY_FILE_BYTES = 64 * 1024;

function openStore(o: CommonOptions): EhrConnectionStore {
  const storeKey = keyFileProvider(o.keyFile).readKey();
  if (!storeKey)
    throw new CodedError(
      'cacheMissingKey',
      'the store has no key file yet; open the store once (e.g. `carefront-admin stats`) before setting the EHR connection',
    );
  return new EhrConnectionStore(path.dirname(path.resolve(o.db)), new SecretBox(storeKey));
}

function readKeyFile(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UsageError('--private-key: the file cannot be read');
  }
  if (!stat.isFile() || stat.size > MAX_KEY_FILE_BYTES) throw new UsageError('--private-key: not a key file (a PEM or JWK file of at most 64 KiB)');
  return fs.readFileSync(file, 'utf8');
}

/** What `show` prints: everything but the private key; the public half and its thumbprint instead. */
async function describe(c: EhrConnection) {
  if (c.auth.kind === 'none') return { baseUrl: c.baseUrl, interactiveAs: c.interactiveAs, auth: { kind: 'none' as const } };
  const { privateKey, ...rest } = c.auth;
  const pub = await publicKeyOf(parsePrivateKey(privateKey, c.auth.alg), c.auth.alg, c.auth.kid);
  return {
    baseUrl: c.baseUrl,
    interactiveAs: c.interactiveAs,
    auth: { ...rest, tokenUrl: rest.tokenUrl ?? null, publicKeyThumbprint: pub.thumbprint, publicJwks: { keys: [pub.jwk] } },
  };
}

function plainLines(d: Awaited<ReturnType<typeof describe>>): string {
  const a = d.auth;
  const interactive = `on calls:   ${d.interactiveAs === 'signedInUser' ? "the signed-in user's token" : "the site's client"}`;
  if (a.kind === 'none') return `base URL:   ${d.baseUrl}\nauth:       none (a FHIR server on this machine)\n${interactive}`;
  return [
    `base URL:   ${d.baseUrl}`,
    'auth:       SMART Backend Services (private_key_jwt)',
    `token URL:  ${a.tokenUrl ?? `discovered from ${d.baseUrl}/.well-known/smart-configuration`}`,
    `client id:  ${a.clientId}`,
    `algorithm:  ${a.alg}, key id ${a.kid}`,
    `scope:      ${a.scope}`,
    interactive,
    `public key: thumbprint ${a.publicKeyThumbprint} (the private key is sealed; --json prints the public JWKS to register)`,
  ].join('\n');
}

async function setCommand(o: CommonOptions, e: EhrOptions): Promise<number> {
  if (!e['base-url']) throw new UsageError('ehr set needs --base-url URL');
  const kind = e.auth ?? 'smart-backend';
  if (kind !== 'none' && kind !== 'smart-backend') throw new UsageError('--auth must be none or smart-backend');
  const auth =
    kind === 'none'
      ? { kind: 'none' }
      : {
          kind: 'smartBackend',
          ...(e['token-url'] ? { tokenUrl: e['token-url'] } : {}),
          clientId: e['client-id'] ?? '',
          alg: e.alg ?? '',
          kid: e.kid ?? '',
          privateKey: e['private-key'] ? readKeyFile(e['private-key']) : '',
          ...(e.scope ? { scope: e.scope } : {}),
        };
  const interactiveAs = { site: 'site', 'signed-in-user': 'signedInUser' }[e['interactive-as'] ?? 'site'];
  if (!interactiveAs) throw new UsageError('--interactive-as must be site or signed-in-user');
  const saved = openStore(o).save({ baseUrl: e['base-url'], auth, interactiveAs });
  const described = await describe(saved);
  printResult(o.json, described, () => `EHR connection saved\n${plainLines(described)}`);
  return EXIT.ok;
}

async function showCommand(o: CommonOptions): Promise<number> {
  const connection = openStore(o).load();
  if (!connection) {
    printResult(o.json, null, () => 'no EHR connection is set');
    return EXIT.ok;
  }
  const described = await describe(connection);
  printResult(o.json, described, () => plainLines(described));
  return EXIT.ok;
}

function clearCommand(o: CommonOptions): number {
  const had = openStore(o).clear();
  printResult(o.json, { cleared: had }, () => (had ? 'EHR connection cleared (and its cached token)' : 'no EHR connection was set'));
  return EXIT.ok;
}

/** Asks the EHR for a token now (not the cached one) and says whether it came; never prints it. */
async function checkCommand(o: CommonOptions): Promise<number> {
  const connection = openStore(o).load();
  if (!connection) throw new CodedError('ehrSettingsInvalid', 'no EHR connection is set (carefront-admin ehr set ...)');
  const started = Date.now();
  const header = await createEhrAuthorizer(connection).authorize();
  const result = { ok: true, auth: connection.auth.kind, tokenObtained: header !== null, milliseconds: Date.now() - started };
  printResult(o.json, result, () =>
    header === null ? 'no authentication configured: nothing to check' : `the EHR issued a token (${result.milliseconds} ms)`,
  );
  return EXIT.ok;
}

export async function ehrCommand(o: CommonOptions, sub: string | undefined, e: EhrOptions): Promise<number> {
  switch (sub) {
    case 'set':
      return setCommand(o, e);
    case 'show':
      return showCommand(o);
    case 'clear':
      return clearCommand(o);
    case 'check':
      return checkCommand(o);
    case 'load':
      return ehrLoadCommand(o, e);
    case undefined:
    default:
      throw new UsageError('ehr supports: set, show, clear, check, load');
  }
}
