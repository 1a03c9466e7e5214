/**
 * carefront-admin: the cache's admin CLI (`npx carefront-admin ...` or `npm run admin -- ...`).
 * Every subcommand takes --db PATH --key-file PATH (default: the app's own store) and --json.
 */
import { parseArgs } from 'node:util';
import { defaultDbPath, defaultKeyFilePath } from '../default-paths';
import { auditVerifyCommand, defaultActor, generateCommand, importCommand, lookupCommand, rekeyCommand, statsCommand, summaryCommand, type CommonOptions } from './commands';
import { EXIT, reportError, UsageError } from './output';

const USAGE = `usage: carefront-admin <command> [options]

commands:
  import <files...>                         import FHIR R4 NDJSON / Bundle files (exit 2 when lines were skipped;
                                            types the cache does not keep are counted as ignored)
  lookup --phone P | --name N --dob D | --mrn M
  summary <patient-id>
  audit verify
  rekey --new-key-file PATH
  generate --patients N [--seed S] [--out file.ndjson]   (without --out: into the store)
  stats

options (every command):
  --db PATH          the store (default: $CAREFRONT_DATA_DIR/demo.db or ~/.carefront/demo.db)
  --key-file PATH    its key file, created 0600 on first run (default: beside the store)
  --json             machine-readable output
  --actor WHO --reason WHY   recorded in the audit log for reads (default: admin-cli/<user>, "admin CLI")
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
    actor: values.actor ?? defaultActor(),
    reason: values.reason ?? 'admin CLI',
  };
  switch (command) {
    case 'import':
      return importCommand(o, rest);
    case 'lookup':
      return lookupCommand(o, values);
    case 'summary':
      return summaryCommand(o, rest[0]);
    case 'audit':
      if (rest[0] !== 'verify') throw new UsageError('audit supports: verify');
      return auditVerifyCommand(o);
    case 'rekey':
      return rekeyCommand(o, values['new-key-file']);
    case 'generate':
      return generateCommand(o, values);
    case 'stats':
      return statsCommand(o);
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
