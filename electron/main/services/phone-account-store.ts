/**
 * A SIP account on disk (0600), the password sealed by the SecretBox: the desk's own `phone-account.json`, or
 * a signed-in user's (see desk-phone-accounts.ts). A damaged or tampered file is set aside and the phone
 * reported as not configured, never a crash.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SipAccountSchema, type SipAccount } from '../../../shared/domain/phone';
import { safeLog } from '../safe-log';
import type { SecretBox } from './secret-box';

export class PhoneAccountStore {
  constructor(
    private readonly file: string,
    private readonly box: SecretBox,
  ) {}

  /** The desk's own account, for a desk whose users do not sign in (and practice mode). */
  static forDesk(dataDir: string, box: SecretBox): PhoneAccountStore {
    return new PhoneAccountStore(path.join(dataDir, 'phone-account.json'), box);
  }

  load(): SipAccount | null {
    if (!fs.existsSync(this.file)) return null;
    try {
      const raw = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { password?: unknown };
      const password = typeof raw.password === 'string' ? this.box.open(raw.password) : '';
      return SipAccountSchema.parse({ ...raw, password });
    } catch {
      const aside = `${this.file}.invalid-${Date.now()}`;
      fs.renameSync(this.file, aside);
      safeLog.warn(`phone account file was unreadable; kept it as ${path.basename(aside)}`);
      return null;
    }
  }

  save(account: SipAccount): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ ...account, password: this.box.seal(account.password) }, null, 2), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }
}
