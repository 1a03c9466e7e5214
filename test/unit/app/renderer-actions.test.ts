// Components call their feature's store actions (answer(callId), hold(callId, on), escalate(…)), never
// the contract itself: no component (.tsx) under renderer/src names a channel or an event of
// shared/ipc/contract.ts, builds one from parts, or imports the raw invoke/onEvent. Translation keys
// that read like a channel (t('phone.answer') is the button's label) are not channels.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, EVENT_NAMES } from '../../../shared/ipc/contract';

const root = path.resolve(__dirname, '../../..');
const rendererSrc = path.join(root, 'renderer/src');
const api = path.join(rendererSrc, 'app/api');
const contractNames: readonly string[] = [...CHANNEL_NAMES, ...EVENT_NAMES];

function components(): string[] {
  return fs
    .readdirSync(rendererSrc, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.tsx'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** `t('x')`, `i18n.t('x')`: the first argument is a translation key. */
function isTranslationKey(node: ts.Node): boolean {
  const call = node.parent;
  if (!ts.isCallExpression(call) || call.arguments[0] !== node) return false;
  const callee = call.expression;
  return (ts.isIdentifier(callee) && callee.text === 't') || (ts.isPropertyAccessExpression(callee) && callee.name.text === 't');
}

/** Where a source names the contract: each as `line: what`. */
function contractMentions(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) => found.push(`${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}: ${what}`);
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) && contractNames.includes(node.text) && !isTranslationKey(node)) at(node, `'${node.text}'`);
    // A name put together at run time (`phone.${verb}`) names a channel just the same.
    if (ts.isTemplateExpression(node) && !isTranslationKey(node)) {
      const head = node.head.text;
      if (head.includes('.') && contractNames.some((n) => n.startsWith(head))) at(node, `\`${head}\${…}\``);
    }
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text.startsWith('.')) {
      const target = path.resolve(path.dirname(fileName), node.moduleSpecifier.text);
      const bindings = node.importClause?.namedBindings;
      if (target === api && bindings && ts.isNamedImports(bindings)) {
        for (const b of bindings.elements)
          if (['invoke', 'onEvent'].includes((b.propertyName ?? b.name).text)) at(b, `imports ${b.name.text} from the app's api`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('components call store actions, not channels', () => {
  it('reads the contract and the components it checks', () => {
    expect(CHANNEL_NAMES).toContain('phone.answer');
    expect(EVENT_NAMES).toContain('call.updated');
    expect(components().length).toBeGreaterThan(20);
  });

  it('tells a channel from a translation key that reads like one', () => {
    const file = path.join(rendererSrc, 'features/phone/Example.tsx');
    const text = [
      "import { invoke } from '../../app/api';",
      "const label = t('phone.answer');",
      "void invoke('phone.answer', { callId });",
      'const verb = `phone.${name}`;',
      'const key = t(`phone.callState.${state}`);',
    ].join('\n');
    expect(contractMentions(file, text)).toEqual(["1: imports invoke from the app's api", "3: 'phone.answer'", '4: `phone.${…}`']);
  });

  it('no component names a channel or an event of the contract', () => {
    const offenders = components().flatMap((file) => contractMentions(file, fs.readFileSync(file, 'utf8')).map((m) => `${path.relative(root, file)}:${m}`));
    expect(offenders).toEqual([]);
  });
});
