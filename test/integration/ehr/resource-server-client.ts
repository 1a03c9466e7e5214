/** The client a resource server (the test FHIR server) is registered as at an OpenID provider, to introspect its tokens. */
import crypto from 'node:crypto';
import type Provider from 'oidc-provider';

export interface ResourceServerCredentials {
  introspectionUrl: string;
  clientId: string;
  clientSecret: string;
}

/** Registers a confidential client (client_secret_basic) with no grants: it may only ask about tokens. */
export async function registerResourceServer(provider: Provider, introspectionUrl: string): Promise<ResourceServerCredentials> {
  const clientId = `fhir-server-${crypto.randomUUID().slice(0, 8)}`;
  const clientSecret = crypto.randomBytes(32).toString('base64url');
  await provider.Client.adapter.upsert(clientId, {
    client_id: clientId,
    client_secret: clientSecret,
    grant_types: [],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
  });
  return { introspectionUrl, clientId, clientSecret };
}
