/**
 * Finds the token endpoint from the FHIR server's `<base>/.well-known/smart-configuration` (SMART App
 * Launch 2.x), when the settings do not name one. The answer is validated: the endpoint follows the
 * same https rule as the settings, and a server that says it does not take `private_key_jwt` or the
 * desk's algorithm is reported as such rather than sent assertions it will refuse.
 */
import { z } from 'zod';
import { CodedError } from '../../shared/errors';
import { boundedFetch } from './bounded-fetch';
import { endpointProblem } from './connection-settings';
import type { SigningAlgorithm } from './private-key';

const MAX_DOCUMENT_BYTES = 256 * 1024;

const SmartConfigurationSchema = z.looseObject({
  token_endpoint: z.string().max(2000),
  token_endpoint_auth_methods_supported: z.array(z.string()).optional(),
  token_endpoint_auth_signing_alg_values_supported: z.array(z.string()).optional(),
});

export async function discoverTokenEndpoint(baseUrl: string, alg: SigningAlgorithm, timeoutMs: number): Promise<string> {
  const what = 'the SMART configuration';
  const answer = await boundedFetch(
    `${baseUrl}/.well-known/smart-configuration`,
    { headers: { accept: 'application/json' } },
    { what, timeoutMs, maxBytes: MAX_DOCUMENT_BYTES },
  );
  if (answer.status >= 500) throw new CodedError('ehrAuthUnreachable', `${what} is unavailable (HTTP ${answer.status})`);
  if (answer.status !== 200) throw new CodedError('ehrAuthBadResponse', `${what} was not found (HTTP ${answer.status}); set the token URL in the settings`);
  let json: unknown;
  try {
    json = JSON.parse(answer.body);
  } catch {
    throw new CodedError('ehrAuthBadResponse', `${what} is not JSON`);
  }
  const parsed = SmartConfigurationSchema.safeParse(json);
  if (!parsed.success) throw new CodedError('ehrAuthBadResponse', `${what} has no usable token_endpoint`);
  const doc = parsed.data;
  const problem = endpointProblem(doc.token_endpoint, 'its token_endpoint', true);
  if (problem) throw new CodedError('ehrAuthBadResponse', `${what} is not usable: ${problem}`);
  if (doc.token_endpoint_auth_methods_supported && !doc.token_endpoint_auth_methods_supported.includes('private_key_jwt')) {
    throw new CodedError('ehrAuthBadResponse', `${what} does not offer private_key_jwt client authentication`);
  }
  if (doc.token_endpoint_auth_signing_alg_values_supported && !doc.token_endpoint_auth_signing_alg_values_supported.includes(alg)) {
    throw new CodedError('ehrAuthBadResponse', `${what} does not accept ${alg} client assertions`);
  }
  return new URL(doc.token_endpoint).href;
}
