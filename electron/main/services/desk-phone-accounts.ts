/**
 * Whose SIP account the desk's phone uses. A site whose users sign in keeps one account per user
 * (`phone-accounts/<user key>.json`, the password sealed under the store key): the phone registers as the
 * signed-in user, never as whoever used the workstation before. A site without sign-in keeps the desk's one.
 */
import path from 'node:path';
import { CodedError } from '../../../shared/errors';
import type { SipAccount } from '../../../shared/domain/phone';
import type { DeskIdentity } from '../desk-identity';
import { PhoneAccountStore } from './phone-account-store';
import type { SecretBox } from './secret-box';

export interface PhoneAccounts {
  /** The account of whoever is at the desk now (null: none saved, or nobody signed in). */
  current(): SipAccount | null;
  /** Saves it as the account of whoever is at the desk now (`signInRequired` when nobody is). */
  save(account: SipAccount): void;
}

export class DeskPhoneAccounts implements PhoneAccounts {
  private readonly desk: PhoneAccountStore;

  constructor(
    private readonly dataDir: string,
    private readonly box: SecretBox,
    private readonly identity: Pick<DeskIdentity, 'configured' | 'userKey'>,
  ) {
    this.desk = PhoneAccountStore.forDesk(dataDir, box);
  }

  current(): SipAccount | null {
    return this.store()?.load() ?? null;
  }

  save(account: SipAccount): void {
    const store = this.store();
    if (!store) throw new CodedError('signInRequired', 'A SIP account belongs to a signed-in user');
    store.save(account);
  }

  private store(): PhoneAccountStore | null {
    if (!this.identity.configured) return this.desk;
    const key = this.identity.userKey();
    return key ? new PhoneAccountStore(path.join(this.dataDir, 'phone-accounts', `${key}.json`), this.box) : null;
  }
}
