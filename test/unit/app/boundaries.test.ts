// The layering rules of DESIGN.md, enforced: shared/ is pure TypeScript (no electron, no node, no
// DOM), the renderer imports no electron or node module and nothing from electron/.
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../../..');
const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    specs.push((m[1] ?? m[2] ?? m[3])!);
  }
  return specs;
}

const isPlatform = (spec: string) => spec === 'electron' || spec.startsWith('electron/') || nodeBuiltins.has(spec) || nodeBuiltins.has(spec.split('/')[0]!);

describe('module boundaries', () => {
  it('finds the files it checks', () => {
    expect(sourceFiles('shared').length).toBeGreaterThan(3);
    expect(sourceFiles('renderer/src').length).toBeGreaterThan(5);
  });

  it('shared/ imports nothing platform-specific and touches no DOM', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles('shared')) {
      for (const spec of importsOf(file)) {
        const resolved = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : null;
        // Data is not platform: the JSON data files of assets/ (e.g. the dispositions) may be read by shared code.
        const assetData = resolved !== null && resolved.startsWith(path.join(root, 'assets') + path.sep) && resolved.endsWith('.json');
        if (isPlatform(spec) || spec.startsWith('react') || (resolved && !assetData && !resolved.startsWith(path.join(root, 'shared')))) {
          offenders.push(`${path.relative(root, file)} imports ${spec}`);
        }
      }
      const code = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      if (/\b(window|document|navigator|localStorage)\s*\./.test(code)) {
        offenders.push(`${path.relative(root, file)} uses a DOM global`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('renderer/ imports no electron, no node module and nothing from electron/', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles('renderer/src')) {
      for (const spec of importsOf(file)) {
        const resolved = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : null;
        if (isPlatform(spec) || (resolved && resolved.startsWith(path.join(root, 'electron')))) {
          offenders.push(`${path.relative(root, file)} imports ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it("practice mode uses the phone port and the domain events, nothing from the live desk's services", () => {
    const offenders: string[] = [];
    for (const file of sourceFiles('electron/practice')) {
      for (const spec of importsOf(file)) {
        const resolved = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : null;
        if (resolved?.startsWith(path.join(root, 'electron/main/services'))) offenders.push(`${path.relative(root, file)} imports ${spec}`);
      }
    }
    expect(sourceFiles('electron/practice').length).toBeGreaterThan(1);
    expect(offenders).toEqual([]);
  });

  it('the preload imports only electron and the shared contract', () => {
    const specs = importsOf(path.join(root, 'electron/preload/preload.ts'));
    expect(specs.sort()).toEqual(['../../shared/ipc/contract', 'electron']);
  });
});
