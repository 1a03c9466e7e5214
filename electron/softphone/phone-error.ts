/** Why a softphone request failed, as a code the services map to the contract's error codes. */
export class PhoneError extends Error {
  constructor(
    readonly code: 'phoneOffline' | 'phoneInvalidNumber' | 'invalidArgument' | 'notFound' | 'internal' | 'phoneRefused' | 'mediaFailed',
    message: string,
    /** The SIP status of a refusal, where there was one. */
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'PhoneError';
  }
}
