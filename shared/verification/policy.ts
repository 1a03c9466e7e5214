/**
 * The identity-verification policy: which identifiers count and how strong each is, how many must
 * match (and how many of them must be secret), how many mismatches end the attempt, which requests
 * need one identifier more (step-up), and what each role may see once the caller is verified (minimum
 * necessary). Data, not code: `assets/policies/verification-default.json`, validated here.
 */
import { z } from 'zod';
import { ESCALATIONS } from '../escalation/targets';

export const IDENTIFIERS = ['name', 'birthDate', 'address', 'mrn', 'phone', 'memberId'] as const;
export type Identifier = (typeof IDENTIFIERS)[number];

/**
 * How much an identifier proves. 'public': on the screen before verification, in a phone book, or
 * given away by the caller ID (name, street address, phone). 'secret': not shown before verification
 * and not given away by the call (date of birth, MRN, the last digits of the insurance member id).
 */
export const STRENGTHS = ['public', 'secret'] as const;
export type Strength = (typeof STRENGTHS)[number];

/** High-risk requests that need step-up: one more identifier than the base check. */
export const STEP_UP_REQUESTS = ['changeContact', 'billing', 'results'] as const;
export type StepUpRequest = (typeof STEP_UP_REQUESTS)[number];

/** What a related person (a proxy) can be checked on, from their own RelatedPerson record. */
export const PROXY_IDENTIFIERS = ['name', 'birthDate', 'phone', 'address'] as const satisfies readonly Identifier[];
export type ProxyIdentifier = (typeof PROXY_IDENTIFIERS)[number];

export const ROLES = ['frontDesk', 'billing', 'nurse', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export const SECTIONS = ['demographics', 'appointments', 'referrals', 'coverage', 'billing', 'proxies', 'history'] as const;
export type Section = (typeof SECTIONS)[number];

export const VerificationPolicySchema = z
  .object({
    requiredMatches: z.number().int().min(1).max(5),
    /** Of the required matches, how many must be secret identifiers. */
    requiredSecret: z.number().int().min(0).max(5),
    identifiers: z.array(z.enum(IDENTIFIERS)).min(1),
    /** Every identifier the policy uses has a strength. */
    strength: z.partialRecord(z.enum(IDENTIFIERS), z.enum(STRENGTHS)),
    /** Mismatches on one call (every attempt counts) that fail the check for the rest of the call. */
    maxMismatches: z.number().int().min(1).max(10),
    /**
     * Step-up: `extraMatches` more for the requests listed (each with the sections that stay closed
     * until its step-up is passed), and for everything once a red flag is raised.
     */
    stepUp: z
      .object({
        extraMatches: z.number().int().min(1).max(3),
        requests: z.partialRecord(z.enum(STEP_UP_REQUESTS), z.array(z.enum(SECTIONS))),
      })
      .strict(),
    /** Flag categories (FHIR Flag.category) the agent sees before verification: how to handle the call, nothing clinical. */
    flagsBeforeVerification: z.array(z.string().min(1).max(40)),
    roles: z.record(z.enum(ROLES), z.array(z.enum(SECTIONS))),
    /**
     * Personal representatives: people who stand in the patient's shoes without a Consent (a parent of
     * a minor, a legal guardian, a healthcare power of attorney), as v3-RoleCodes on the RelatedPerson.
     * From `confidentialFromAge` to `adultAge`, care labelled sensitive is the minor's own: hidden even
     * from parents and guardians.
     */
    representatives: z
      .object({
        parentsOfMinors: z.array(z.string().regex(/^[A-Z]{2,12}$/)).min(1),
        anyAge: z.array(z.string().regex(/^[A-Z]{2,12}$/)),
        adultAge: z.number().int().min(14).max(21),
        confidentialFromAge: z.number().int().min(0).max(21),
      })
      .strict()
      .refine((r) => r.confidentialFromAge <= r.adultAge, { error: 'confidentialFromAge must not exceed adultAge', path: ['confidentialFromAge'] }),
    /**
     * A caller handed over by another desk (an escalation's hand-off record): how old a record may be and still be
     * trusted, and after which escalations the receiving agent re-checks one secret identifier before the record
     * opens. Absent: `HANDOFF_DEFAULTS`.
     */
    handoff: z
      .object({
        maxAgeMinutes: z.number().int().min(1).max(120),
        recheckSecretAfter: z.array(z.enum(ESCALATIONS)),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((p) => p.requiredMatches <= p.identifiers.length, { error: 'more matches required than identifiers allowed', path: ['requiredMatches'] })
  .refine((p) => p.identifiers.every((i) => p.strength[i] !== undefined), {
    error: 'every identifier needs a strength (public or secret)',
    path: ['strength'],
  })
  .refine((p) => p.requiredSecret <= p.requiredMatches, { error: 'more secret matches required than matches', path: ['requiredSecret'] })
  .refine((p) => p.requiredSecret <= p.identifiers.filter((i) => p.strength[i] === 'secret').length, {
    error: 'more secret matches required than secret identifiers allowed',
    path: ['requiredSecret'],
  })
  .refine((p) => p.requiredMatches + p.stepUp.extraMatches <= p.identifiers.length, {
    error: 'step-up needs more identifiers than the policy allows',
    path: ['stepUp', 'extraMatches'],
  });
export type VerificationPolicy = z.infer<typeof VerificationPolicySchema>;

/**
 * When the policy file says nothing about hand-offs: a record is trusted for 10 minutes, and the privacy officer and
 * the billing specialist re-check one secret identifier (they disclose or change what a wrong caller could abuse);
 * nurse triage, the supervisor and the crisis counsellor take the caller as verified, so the caller is not asked again.
 */
export const HANDOFF_DEFAULTS: NonNullable<VerificationPolicy['handoff']> = {
  maxAgeMinutes: 10,
  recheckSecretAfter: ['privacyOfficer', 'billingSpecialist'],
};

export function parsePolicy(json: unknown): { ok: true; policy: VerificationPolicy } | { ok: false; errors: string[] } {
  const r = VerificationPolicySchema.safeParse(json);
  return r.success ? { ok: true, policy: r.data } : { ok: false, errors: r.error.issues.map((i) => `${i.path.join('.') || '(policy)'}: ${i.message}`) };
}
