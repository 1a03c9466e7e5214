/**
 * carefront-admin: the cache's admin CLI (`npx carefront-admin ...` or `npm run admin -- ...`).
 * Every subcommand takes --db PATH --key-file PATH (default: the app's own store) and --json.
 */
import { parseArgs } from 'node:util';
import { defaultDbPath, defaultKeyFilePath } from '../default-paths';
import {
  auditRecentCommand,
  auditVerifyCommand,
  defaultActor,
  generateCommand,
  historyCommand,
  importCommand,
  lookupCommand,
  rekeyCommand,
  statsCommand,
  summaryCommand,
  type CommonOptions,
} from './commands';
import { ehrCommand } from './ehr-command';
import { identityCommand } from './identity-command';
import { EXIT, reportError, UsageError } from './output';

const USAGE = `usage: carefront-admin <command> [options]

commands:
  import <files...>                         import FHIR R4 NDJSON / Bundle files (exit 2 when lines were skipped;
                                            types the cache does not keep are counted as ignored)
  lookup --phone P | --name N --dob D | --mrn M
  summary <patient-id>
  history <Type/id>                         previous versions of a resource that an import overwrote
  audit verify                              the keyed chain and its signed checkpoints
  audit recent [--limit N]                  the newest audit events (FHIR AuditEvent JSON with --json)
  rekey [--new-key-file PATH]               re-encrypt under a new key (in place by default); refused while the app has the store open
  generate --patients N [--seed S] [--out file.ndjson]   (without --out: into the store)
  stats
  ehr set --base-url URL [--auth smart-backend|none] [--token-url URL] --client-id ID
          --private-key FILE --alg RS384|ES384 --kid KID [--scope S] [--interactive-as site|signed-in-user]
                                            the site's FHIR server connection (SMART Backend Services);
                                            the key file (PEM or JWK) is read, checked and sealed at rest;
                                            no --token-url: found in <base>/.well-known/smart-configuration;
                                            --auth none only for a server on this machine;
                                            --interactive-as signed-in-user: scheduling and the worklist
                                            go with the signed-in user's token (the server trusts the
                                            identity provider); the sync and the outbox stay the site's
  ehr show                                  the connection, without the private key (--json: the public JWKS)
  ehr clear                                 remove the connection and its cached token
  ehr check                                 ask the EHR for a token now (the token is never printed)
  ehr load [--max-wait S] [--batch-size N]  first load of the cache from the FHIR server by Bulk Data $export;
                                            resumes an interrupted load (files done are not fetched again);
                                            --max-wait caps the server's Retry-After between polls (default 120);
                                            --batch-size: resources per transaction (default 1000)
  identity set --file SETTINGS.json         the identity provider the desk signs in through (OpenID Connect):
                                            issuer, clientId, scope, the claims read, and which claim values
                                            grant each desk role and verification role; kept with a sealed
                                            digest, so an edit made elsewhere is refused
  identity show | clear
  identity check                            ask the provider's discovery document now (PKCE, end session)

options (every command):
  --db PATH          the store (default: $CAREFRONT_DATA_DIR/demo.db or ~/.carefront/demo.db)
  --key-file PATH    its key file, created 0600 on first run (default: beside the store)
  --json             machine-readable output
  --reason WHY       recorded in the audit log (default: "admin CLI")
  --actor WHO        a note kept in the audit log beside the actor; the actor recorded is always
                     the operating-system user (admin-cli/<user>)
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      db: { type: 'string' },
      'key-file': { type: 'string' },
      json: { type: 'boolean', default: false },
      actor: { type: 'string' },
      reason: { type: 'string' },
      phone: { type: 'string' },
      name: { type: 'string' },
      dob: { type: 'string' },
      mrn: { type: 'string' },
      'new-key-file': { type: 'string' },
      patients: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
      limit: { type: 'string' },
      'base-url': { type: 'string' },
      auth: { type: 'string' },
      'token-url': { type: 'string' },
      'client-id': { type: 'string' },
      'private-key': { type: 'string' },
      alg: { type: 'string' },
      kid: { type: 'string' },
      scope: { type: 'string' },
      'interactive-as': { type: 'string' },
      'max-wait': { type: 'string' },
      'batch-size': { type: 'string' },
      file: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const o: CommonOptions = {
    db: values.db ?? defaultDbPath(),
    keyFile: values['key-file'] ?? defaultKeyFilePath(),
    json: values.json,
    actor: defaultActor(),
    reason: values.reason ?? 'admin CLI',
    ...(values.actor ? { actorNote: values.actor } : {}),
  };
  switch (command) {
    case 'import':
      return importCommand(o, rest);
    case 'lookup':
      return lookupCommand(o, values);
    case 'summary':
      return summaryCommand(o, rest[0]);
    case 'history':
      return historyCommand(o, rest[0]);
    case 'audit':
      if (rest[0] === 'verify') return auditVerifyCommand(o);
      if (rest[0] === 'recent') return auditRecentCommand(o, values.limit);
      throw new UsageError('audit supports: verify, recent');
    case 'rekey':
      return rekeyCommand(o, values['new-key-file']);
    case 'generate':
      return generateCommand(o, values);
    case 'stats':
      return statsCommand(o);
    case 'ehr':
      return ehrCommand(o, rest[0], values);
    case 'identity':
      return identityCommand(o, rest[0], values.file);
    default:
      throw new UsageError(`unknown command ${command.replace(/[^a-z-]/gi, '').slice(0, 30)}`);
  }
}

const json = process.argv.includes('--json');
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  const parseError = err instanceof TypeError && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.exitCode = reportError(parseError ? new UsageError(err.message) : err, json);
}
