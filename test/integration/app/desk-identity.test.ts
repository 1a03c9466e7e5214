// The desk's SIP instance id on disk: made once per data folder and the same on every start after, so
// the phone registers as the same instance (one binding per desk, one-binding-per-desk.test.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deskInstanceId } from '../../../electron/main/services/desk-identity';
import { deskRegistration } from '../../../electron/softphone/desk-registration';

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'carefront-desk-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("the desk's SIP instance id", () => {
  it('is a UUID made on the first start, kept 0600, and the same on every later start of that data folder', () => {
    const dir = tempDir();
    const first = deskInstanceId(dir);
    expect(first).toMatch(UUID);
    expect(deskInstanceId(dir)).toBe(first);
    expect(fs.statSync(path.join(dir, 'sip-instance.json')).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('differs between two desks (data folders), even signed in with the same account', () => {
    expect(deskInstanceId(tempDir())).not.toBe(deskInstanceId(tempDir()));
  });

  it('sets a damaged or hand-edited file aside and makes a new id, never crashing', () => {
    for (const content of ['{not json', '{"sipInstanceId":"desk-1"}', '{"sipInstanceId":"0f8fad5b-d9cb-469f-a165-70867728950e","x":1}', '[]']) {
      const dir = tempDir();
      fs.writeFileSync(path.join(dir, 'sip-instance.json'), content);
      const id = deskInstanceId(dir);
      expect(id).toMatch(UUID);
      const aside = fs.readdirSync(dir).find((f) => f.startsWith('sip-instance.json.invalid-'));
      expect(fs.readFileSync(path.join(dir, aside!), 'utf8')).toBe(content);
      expect(deskInstanceId(dir)).toBe(id);
    }
  });

  it('goes into REGISTER only (with reg-id 1), never into the Contact of calls; anything but a UUID is refused', () => {
    expect(deskRegistration('0F8FAD5B-D9CB-469F-A165-70867728950E')).toEqual({
      userAgent: { instanceId: '0f8fad5b-d9cb-469f-a165-70867728950e', instanceIdAlwaysAdded: false },
      registerer: { regId: 1 },
    });
    expect(deskRegistration(undefined)).toEqual({ userAgent: {}, registerer: {} });
    for (const bad of ['', 'desk-1', '0f8fad5b-d9cb-469f-a165-70867728950e;reg-id=2', '0f8fad5b-d9cb-469f-a165-70867728950e"']) {
      expect(() => deskRegistration(bad)).toThrow('The SIP instance id must be a UUID');
    }
  });
});
