import type { Services } from '../services';
import type { Handlers } from '../dispatch';
import { toCallerChoice } from '../../../shared/domain/patient';

type PatientChannels =
  | 'patients.lookupByPhone'
  | 'patients.search'
  | 'patients.searchByName'
  | 'patients.view'
  | 'verification.get'
  | 'verification.check'
  | 'verification.flag'
  | 'verification.reset'
  | 'verification.caller'
  | 'verification.stepUp'
  | 'verification.override';

/**
 * Every read goes through the patient repository, which writes the audit row itself (who, which patient, why).
 * Search results go to the page as caller choices only: no date of birth, no MRN.
 */
export const patientHandlers = (s: Services): Pick<Handlers, PatientChannels> => ({
  'patients.lookupByPhone': ({ phone }) => s.patients.lookupByPhone(phone, { actor: s.actor, reason: 'caller-id lookup' }).map(toCallerChoice),
  'patients.search': (args) =>
    ('mrn' in args
      ? s.patients.findByMrn(args.mrn, { actor: s.actor, reason: 'search by MRN' })
      : s.patients.searchByNameDob(args.name, args.birthDate, { actor: s.actor, reason: 'search by name and date of birth' })
    ).map(toCallerChoice),
  'patients.searchByName': ({ name }) => {
    const found = s.patients.searchByName(name, { actor: s.actor, reason: 'search by name without date of birth' });
    return { matches: found.matches.map(toCallerChoice), total: found.total };
  },
  'patients.view': ({ patientId }) => s.verification.view(patientId),
  'verification.get': ({ patientId }) => s.verification.state(patientId),
  'verification.check': ({ patientId, identifier, value, subject }) => s.verification.check(patientId, identifier, value, subject ?? 'patient'),
  'verification.caller': (args) => s.verification.setCaller(args.patientId, args.kind === 'self' ? { kind: 'self' } : { kind: 'proxy', name: args.name }),
  'verification.reset': () => {
    s.verification.startOver();
    return true;
  },
  'verification.flag': ({ patientId, flag, on }) => s.verification.flag(patientId, flag, on),
  'verification.stepUp': ({ patientId, request }) => s.verification.requestStepUp(patientId, request),
  'verification.override': ({ reason }) => {
    s.verification.override(reason);
    return true;
  },
});
