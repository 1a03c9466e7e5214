/**
 * One PUBLISH at a time, latest state wins. sip.js's Publisher sends a new PUBLISH as soon as it is
 * asked, even while the previous one is unanswered: the second goes without the ETag the first will
 * get, the server keeps two publications (or answers 412) and watchers see a stale state (measured on
 * the rig: an agent's state and flags changing in the same millisecond left the lead's board on the
 * older one). Here a change made while a PUBLISH is in flight waits for its final response, and only
 * the newest body is then sent.
 */
import { Publisher, type URI, type UserAgent } from 'sip.js';
import { onPublishResponse } from './sip-internals';

export class SerialPublisher {
  private readonly publisher: Publisher;
  private inFlight = false;
  private next: string | null = null;
  private idle: (() => void)[] = [];

  /** `contentType`: the bodies' media type (application/pidf+xml for presence, application/dialog-info+xml for dialog). */
  constructor(ua: UserAgent, target: URI, event: string, contentType: string, expires: number) {
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- sip.js 0.21 has no other way to set the Content-Type of a PUBLISH body (its own "TODO: provide alternative"); without it the body goes as text/plain
    this.publisher = new Publisher(ua, target, event, { expires, contentType });
    onPublishResponse(this.publisher, (code) => {
      // 1xx: still waiting; 412: sip.js itself re-publishes (without ETag) and we wait for that answer.
      if (code >= 200 && code !== 412) this.answered();
    });
  }

  /** Publishes `body` now, or as soon as the PUBLISH in flight is answered (a newer body replaces an older waiting one). */
  publish(body: string): void {
    this.next = body;
    if (!this.inFlight) this.sendNext();
  }

  /** Resolves when nothing is in flight or waiting. */
  settled(): Promise<void> {
    return !this.inFlight && this.next === null ? Promise.resolve() : new Promise((r) => this.idle.push(r));
  }

  private sendNext(): void {
    const body = this.next;
    this.next = null;
    if (body === null) {
      for (const r of this.idle.splice(0)) r();
      return;
    }
    this.inFlight = true;
    void this.publisher.publish(body).catch(() => {
      this.answered();
    });
  }

  private answered(): void {
    this.inFlight = false;
    this.sendNext();
  }
}
