/** The few parts of oidc-provider (which ships no types) that the EHR auth tests use. */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface ClientAdapter {
    upsert(id: string, payload: Record<string, unknown>, expiresIn?: number): Promise<void>;
    destroy(id: string): Promise<void>;
  }

  export const errors: { InvalidClientAuth: new (detail: string) => Error };

  export default class Provider {
    constructor(issuer: string, configuration?: Record<string, unknown>);
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
    readonly Client: { readonly adapter: ClientAdapter };
    /** Tokens of the client_credentials grant, and of the other grants. */
    readonly ClientCredentials: { find(value: string): Promise<{ destroy(): Promise<void> } | undefined> };
    readonly AccessToken: { find(value: string): Promise<{ destroy(): Promise<void> } | undefined> };
  }
}
