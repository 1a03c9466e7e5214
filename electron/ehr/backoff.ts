/**
 * Capped exponential backoff with jitter: the delay before the next try doubles from `firstMs` up to `maxMs`,
 * and each delay is shortened by up to `jitter` (a fraction) so desks that lost the server together do not
 * come back in step.
 */
export interface BackoffOptions {
  firstMs: number;
  maxMs: number;
  /** 0..1: how much of each delay may be taken off at random. Default 0.2. */
  jitter?: number;
}

export class Backoff {
  private attempts = 0;
  private readonly jitter: number;

  constructor(private readonly options: BackoffOptions) {
    if (!(options.firstMs > 0) || !(options.maxMs >= options.firstMs)) throw new RangeError('backoff: 0 < firstMs <= maxMs is required');
    this.jitter = Math.min(1, Math.max(0, options.jitter ?? 0.2));
  }

  /** The delay before the next try (and counts the try). */
  next(): number {
    const full = Math.min(this.options.maxMs, this.options.firstMs * 2 ** Math.min(this.attempts, 30));
    this.attempts += 1;
    return Math.round(full * (1 - this.jitter * Math.random()));
  }

  /** The ceiling, for a wait that should not grow (e.g. re-reading what the server offers). */
  ceiling(): number {
    return this.options.maxMs;
  }

  reset(): void {
    this.attempts = 0;
  }
}
