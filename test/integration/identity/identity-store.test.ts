/**
 * The identity provider settings at rest: saved readable with a sealed digest, read back as saved, and a file
 * edited outside Carefront (a role mapping widened) or sealed under another store key is set aside, not followed.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../../electron/main/services/secret-box';
import { IdentityStore } from '../../../electron/identity/identity-store';

const settings = {
  issuer: 'https://login.example.org/realms/care',
  clientId: 'carefront-desk',
  deskRoles: { agent: ['cc-agents'], teamLead: ['cc-leads'] },
  verificationRoles: { frontDesk: ['front-desk'], supervisor: ['cc-leads'] },
};

const dirs: string[] = [];
function freshStore(key = crypto.randomBytes(32)): { store: IdentityStore; dir: string; key: Buffer } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-identity-'));
  dirs.push(dir);
  return { store: new IdentityStore(dir, new SecretBox(key)), dir, key };
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('identity provider settings store', () => {
  it('has nothing until saved; reads back what was saved, from an owner-only file', () => {
    const { store } = freshStore();
    expect(store.load()).toBeNull();
    const saved = store.save(settings);
    expect(store.load()).toEqual(saved);
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
    expect(store.clear()).toBe(true);
    expect(store.load()).toBeNull();
    expect(store.clear()).toBe(false);
  });

  it('refuses invalid settings and keeps what it had', () => {
    const { store } = freshStore();
    const saved = store.save(settings);
    expect(() => store.save({ ...settings, issuer: 'http://login.example.org' })).toThrow(/issuer must be an https URL/);
    expect(store.load()).toEqual(saved);
  });

  it('sets aside a file whose role mapping was edited outside Carefront', () => {
    const { store, dir } = freshStore();
    store.save(settings);
    const onDisk = JSON.parse(fs.readFileSync(store.file, 'utf8')) as { verificationRoles: Record<string, string[]> };
    onDisk.verificationRoles.supervisor = ['all-staff'];
    fs.writeFileSync(store.file, JSON.stringify(onDisk));
    expect(store.load()).toBeNull();
    expect(fs.existsSync(store.file)).toBe(false);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('identity-provider.json.invalid-'))).toBe(true);
  });

  it('sets aside a file sealed under another store key', () => {
    const { store, dir } = freshStore();
    store.save(settings);
    expect(new IdentityStore(dir, new SecretBox(crypto.randomBytes(32))).load()).toBeNull();
    expect(store.load()).toBeNull();
  });
});
