import { describe, expect, it } from 'vitest';
import pkg from '../../../package.json';
import { APP_VERSION } from '../../../electron/main/version';

describe('version', () => {
  it('the app reports the package version', () => {
    expect(APP_VERSION).toBe(pkg.version);
  });
});
