/**
 * The identity-verification policy: which identifiers count, how many must match, how many
 * mismatches end the attempt, and what each role may see once the caller is verified (minimum
 * necessary). Data, not code: `assets/policies/verification-default.json`, validated here.
 */
import { z } from 'zod';

export const IDENTIFIERS = ['name', 'birthDate', 'address', 'mrn', 'phone'] as const;
export type Identifier = (typeof IDENTIFIERS)[number];

export const ROLES = ['frontDesk', 'billing', 'nurse', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];

export const SECTIONS = ['demographics', 'appointments', 'referrals', 'coverage', 'billing', 'proxies', 'history'] as const;
export type Section = (typeof SECTIONS)[number];

export const VerificationPolicySchema = z
  .object({
    requiredMatches: z.number().int().min(1).max(5),
    identifiers: z.array(z.enum(IDENTIFIERS)).min(1),
    maxMismatches: z.number().int().min(1).max(10),
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
      .refine((r) => r.confidentialFromAge <= r.adultAge, { message: 'confidentialFromAge must not exceed adultAge', path: ['confidentialFromAge'] }),
  })
  .strict()
  .refine((p) => p.requiredMatches <= p.identifiers.length, { message: 'more matches required than identifiers allowed', path: ['requiredMatches'] });
export type VerificationPolicy = z.infer<typeof VerificationPolicySchema>;

export function parsePolicy(json: unknown): { ok: true; policy: VerificationPolicy } | { ok: false; errors: string[] } {
  const r = VerificationPolicySchema.safeParse(json);
  return r.success ? { ok: true, policy: r.data } : { ok: false, errors: r.error.issues.map((i) => `${i.path.join('.') || '(policy)'}: ${i.message}`) };
}
