import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsStore } from '../../../electron/main/services/settings';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-settings-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  dirs.splice(0).forEach((d) => {
    fs.rmSync(d, { recursive: true, force: true });
  });
});

describe('settings file', () => {
  it('starts from defaults and persists changes atomically with 0600 permissions', () => {
    const dir = tempDir();
    expect(new SettingsStore(dir).get()).toEqual({ language: 'en' });
    new SettingsStore(dir).update({ language: 'ar' });
    expect(new SettingsStore(dir).get()).toEqual({ language: 'ar' });
    expect(fs.statSync(path.join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps a damaged file aside instead of crashing or losing it', () => {
    for (const content of ['{not json', '{"language":"klingon"}']) {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'settings.json'), content);
      expect(new SettingsStore(dir).get()).toEqual({ language: 'en' });
      const aside = fs.readdirSync(dir).find((f) => f.startsWith('settings.json.invalid-'));
      expect(aside).toBeDefined();
      expect(fs.readFileSync(path.join(dir, aside!), 'utf8')).toBe(content);
    }
  });

  it('refuses an invalid update and keeps the previous value', () => {
    const dir = tempDir();
    const store = new SettingsStore(dir);
    store.update({ language: 'fr' });
    expect(() => store.update({ language: 'xx' as never })).toThrow();
    expect(new SettingsStore(dir).get()).toEqual({ language: 'fr' });
  });
});
