// `npm test`: type-check and lint, build the renderer, run vitest (unit + integration against real parts) and
// Playwright (real renderer in Debian's Chromium), then print the one closing line CI reads:
// `N passed, N failed`. Exit code is non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { onProjectNode } from './project-node.mjs';

// On the system's Node (20) this re-runs itself on the project's Node 22, and every child finds it first.
onProjectNode(import.meta.url);
console.log(`node ${process.version}`);

const results = { passed: 0, failed: 0, skipped: 0 };
const only = process.argv.slice(2);
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1;
const readJson = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
};

fs.rmSync('test-results', { recursive: true, force: true });
fs.mkdirSync('test-results', { recursive: true });

function step(name, fn) {
  if (only.length && !only.includes(name)) return;
  console.log(`\n=== ${name}`);
  fn();
}

// Checked by tools: every layer type-checked with its own tsconfig (npm run typecheck), ESLint with type
// information over the whole tree (no suppressions) and Prettier.
// Each counts as one test; the time each takes is printed.
step('lint', () => {
  const check = (name, cmd, args) => {
    const started = Date.now();
    const ok = run(cmd, args) === 0;
    results[ok ? 'passed' : 'failed'] += 1;
    console.log(`${name}: ${ok ? 'clean' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  };
  check('typecheck', 'npm', ['run', '--silent', 'typecheck']);
  check('eslint', 'npx', ['eslint', '--pass-on-unpruned-suppressions', '.']);
  check('prettier', 'npx', ['prettier', '--check', '--log-level', 'warn', '.']);
});

step('unit', () => {
  const code = run('npx', ['vitest', 'run']);
  const json = readJson('test-results/vitest.json');
  if (!json) {
    results.failed += 1;
    console.log(`vitest produced no report (exit ${code})`);
    return;
  }
  results.passed += json.numPassedTests;
  results.failed += json.numFailedTests + (code !== 0 && json.numFailedTests === 0 ? 1 : 0);
  results.skipped += json.numPendingTests + json.numTodoTests;
});

step('e2e', () => {
  const built = run('npx', ['vite', 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn']) === 0;
  if (!built) {
    results.failed += 1;
    return;
  }
  const code = run('npx', ['playwright', 'test', '-c', 'test/e2e/playwright.config.ts']);
  const json = readJson('test-results/playwright.json');
  if (!json) {
    results.failed += 1;
    console.log(`playwright produced no report (exit ${code})`);
    return;
  }
  results.passed += json.stats.expected + json.stats.flaky;
  results.failed += json.stats.unexpected + (code !== 0 && json.stats.unexpected === 0 ? 1 : 0);
  results.skipped += json.stats.skipped;
});

console.log(`\n${results.passed} passed, ${results.failed} failed${results.skipped ? `, ${results.skipped} skipped` : ''}`);
process.exit(results.failed > 0 || results.passed === 0 ? 1 : 0);
