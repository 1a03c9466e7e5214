/**
 * The desk's phone registers as the signed-in user. When a user signs in, the phone takes their own SIP account
 * (none saved: the phone says "not configured" and Phone settings asks for it); when they sign out, or someone
 * else signs in, the previous user's registration ends. While the desk is locked it keeps its registration (the
 * agent is away; a call that rings is held, see held-pops.ts). A site without sign-in keeps the desk's account.
 */
import type { SipAccount } from '../../shared/domain/phone';
import type { DeskIdentity } from './desk-identity';
import type { PhoneAccounts } from './services/desk-phone-accounts';
import { safeLog } from './safe-log';

interface DeskPhone {
  configure(account: SipAccount): Promise<unknown>;
  stop(): Promise<void>;
}

export function phoneFollowsUser(identity: DeskIdentity, phone: DeskPhone, accounts: PhoneAccounts): void {
  if (!identity.configured) {
    const account = accounts.current();
    // With no account the phone says "not configured"; with one it starts registering in the background.
    if (account) void phone.configure(account);
    return;
  }
  let owner: string | null = null;
  identity.onChange((status) => {
    if (status.locked) return;
    const user = identity.userKey();
    if (user === owner) return;
    owner = user;
    const account = user ? accounts.current() : null;
    (account ? phone.configure(account) : phone.stop()).catch((err: unknown) => {
      safeLog.warn('the phone could not follow the desk user', err);
    });
  });
}
