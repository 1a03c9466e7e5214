// The layer boundaries, enforced by the compiler: each layer's tsconfig.json gives it only the globals and
// modules it may use (shared/: the ES library; renderer/: the DOM, no Node; electron/: Node, no DOM).
// Probe files (kept in memory, placed in the layer's folder) must fail or compile under that layer's config,
// and real files of the layer must compile (`npm run typecheck` compiles all of them). boundaries.test.ts
// checks the imports by pattern as a second net.
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');

type Layer = 'shared' | 'renderer' | 'electron';

interface Probe {
  layer: Layer;
  what: string;
  source: string;
  /** null: compiles; otherwise a word every error about it names. */
  failsNaming: string | null;
}

const probes: Probe[] = [
  { layer: 'shared', what: 'the DOM document', source: 'export const title = document.title;', failsNaming: 'document' },
  { layer: 'shared', what: 'the window', source: 'export const href = window.location.href;', failsNaming: 'window' },
  { layer: 'shared', what: "Node's process", source: 'export const home = process.env.HOME;', failsNaming: 'process' },
  { layer: 'shared', what: 'a node: module', source: "import fs from 'node:fs';\nexport const read = fs.readFileSync;", failsNaming: 'node:fs' },
  { layer: 'shared', what: 'the ES library', source: 'export const last = [1, 2].at(-1);\nexport const iso = new Date(0).toISOString();', failsNaming: null },
  { layer: 'renderer', what: "Node's process", source: 'export const home = process.env.HOME;', failsNaming: 'process' },
  { layer: 'renderer', what: "Node's Buffer", source: "export const bytes = Buffer.from('x');", failsNaming: 'Buffer' },
  { layer: 'renderer', what: 'a node: module', source: "import fs from 'node:fs';\nexport const read = fs.readFileSync;", failsNaming: 'node:fs' },
  { layer: 'renderer', what: 'the DOM', source: "export const title = document.title;\nexport const div = document.createElement('div');", failsNaming: null },
  { layer: 'electron', what: 'the DOM document', source: 'export const title = document.title;', failsNaming: 'document' },
  { layer: 'electron', what: 'the window', source: 'export const href = window.location.href;', failsNaming: 'window' },
  {
    layer: 'electron',
    what: 'Node',
    source: "import fs from 'node:fs';\nexport const found = fs.existsSync(process.cwd()) && Buffer.byteLength('x') === 1;",
    failsNaming: null,
  },
];

// Declaration files (the ES and DOM libraries, @types/node, react, zod…) are parsed once for all the programs.
const parsed = new Map<string, ts.SourceFile>();

function layerConfig(layer: Layer): ts.ParsedCommandLine {
  const file = path.join(root, layer, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(
    file,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error(`cannot read ${file}`);
  expect(config.errors).toEqual([]);
  return config;
}

/** Type-checks `rootNames` plus the in-memory files under the layer's options; returns the errors by file. */
function check(layer: Layer, rootNames: string[], memory: Map<string, string>): Map<string, string[]> {
  const options = layerConfig(layer).options;
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (f) => memory.has(f) || ts.sys.fileExists(f);
  host.readFile = (f) => memory.get(f) ?? readFile(f);
  host.getSourceFile = (f, version, onError) => {
    const text = memory.get(f);
    if (text !== undefined) return ts.createSourceFile(f, text, version);
    if (!f.endsWith('.d.ts') && !f.endsWith('.d.cts') && !f.endsWith('.d.mts')) return getSourceFile(f, version, onError);
    const key = `${f}|${JSON.stringify(version)}`;
    let sf = parsed.get(key);
    if (!sf) {
      sf = getSourceFile(f, version, onError);
      if (sf) parsed.set(key, sf);
    }
    return sf;
  };
  const program = ts.createProgram({ rootNames: [...rootNames, ...memory.keys()], options: { ...options, noEmit: true }, host });
  const errors = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const where = d.file ? path.relative(root, d.file.fileName) : '(options)';
    errors.set(where, [...(errors.get(where) ?? []), ts.flattenDiagnosticMessageText(d.messageText, ' ')]);
  }
  return errors;
}

/**
 * Real files compiled with each layer's probes. shared/ is small: all of it. For renderer/ and electron/, the
 * files that use the layer's own platform (the page's media and bridge; the preload's Electron API and the
 * softphone's sip.js, whose declarations name DOM types this layer does not have); `npm run typecheck` compiles
 * every file of every layer, too slow for a unit test.
 */
const realFiles: Record<Layer, string[] | 'all'> = {
  shared: 'all',
  renderer: [
    'renderer/src/app/bridge-client.ts',
    'renderer/src/media/devices.ts',
    'renderer/src/media/call-media.ts',
    'renderer/src/features/shortcuts/shortcuts.ts',
  ],
  electron: ['electron/preload/preload.ts', 'electron/softphone/dial-target.ts'],
};

describe('each layer compiles only with what its tsconfig gives it', () => {
  for (const layer of ['shared', 'renderer', 'electron'] as const) {
    it(`${layer}/: the probes fail or compile as the boundary says, and real files compile`, () => {
      const mine = probes.filter((p) => p.layer === layer);
      const probeFile = (i: number) => path.join(layer, `layer-probe-${String(i)}.ts`);
      const memory = new Map(mine.map((p, i) => [path.join(root, probeFile(i)), p.source]));
      const wanted = realFiles[layer];
      const sources = wanted === 'all' ? layerConfig(layer).fileNames : wanted.map((f) => path.join(root, f));
      expect(sources.length).toBeGreaterThan(1);
      const errors = check(layer, sources, memory);

      const outcome = mine.map((p, i) => {
        const found = errors.get(probeFile(i)) ?? [];
        errors.delete(probeFile(i));
        if (p.failsNaming === null) return { what: p.what, errors: found };
        const naming = p.failsNaming;
        return { what: p.what, fails: found.length > 0, otherErrors: found.filter((m) => !m.includes(naming)) };
      });
      expect(outcome).toEqual(mine.map((p) => (p.failsNaming === null ? { what: p.what, errors: [] } : { what: p.what, fails: true, otherErrors: [] })));
      // Nothing else: no error in the real files (nor in anything they import).
      expect(Object.fromEntries(errors)).toEqual({});
    }, 90_000); // about 5 s of CPU each on an idle machine; the margin is for a machine busy with other work
  }
});
