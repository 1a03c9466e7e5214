import type { Services } from '../services';
import type { Handlers } from '../dispatch';

type PatientChannels = 'patients.lookupByPhone' | 'patients.search' | 'patients.view' | 'verification.get' | 'verification.check' | 'verification.flag' | 'verification.reset' | 'verification.caller';

/** Every read goes through the cache, which writes the audit row itself (who, which patient, why). */
export const patientHandlers = (s: Services): Pick<Handlers, PatientChannels> => ({
  'patients.lookupByPhone': ({ phone }) => s.cache.lookupByPhone(phone, { actor: s.actor, reason: 'caller-id lookup' }),
  'patients.search': (args) =>
    'mrn' in args
      ? s.cache.findByMrn(args.mrn, { actor: s.actor, reason: 'search by MRN' })
      : s.cache.searchByNameDob(args.name, args.birthDate, { actor: s.actor, reason: 'search by name and date of birth' }),
  'patients.view': ({ patientId }) => s.verification.view(patientId),
  'verification.get': ({ patientId }) => s.verification.state(patientId),
  'verification.check': ({ patientId, identifier, value }) => s.verification.check(patientId, identifier, value),
  'verification.caller': (args) => s.verification.setCaller(args.patientId, args.kind === 'self' ? { kind: 'self' } : { kind: 'proxy', name: args.name }),
  'verification.reset': () => {
    s.verification.reset();
    return true;
  },
  'verification.flag': ({ patientId, flag, on }) => s.verification.flag(patientId, flag, on),
});
