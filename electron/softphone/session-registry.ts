/**
 * What the softphone knows of each sip.js session: the call id it hands out and the call's media.
 * Kept beside the session in a WeakMap, never written onto sip.js's objects; an entry goes when its
 * session is collected.
 */
import crypto from 'node:crypto';
import type { Session } from 'sip.js';
import { must } from '../../shared/must';
import type { CallMedia } from './call-media';

interface SessionEntry {
  id: string;
  media: CallMedia | null;
}

export function newCallId(): string {
  return crypto.randomUUID().replace(/-/g, '').slice(0, 20);
}

export class SessionRegistry {
  private readonly entries = new WeakMap<Session, SessionEntry>();

  /** The session's call id, given now (a new one, or `id`) if it has none yet. */
  idFor(session: Session, id: string = newCallId()): string {
    const entry = this.entries.get(session);
    if (entry) return entry.id;
    this.entries.set(session, { id, media: null });
    return id;
  }

  /** Creates the session's media (its session description handler) for its call id, and keeps it. */
  createMedia(session: Session, create: (callId: string) => CallMedia): CallMedia {
    const id = this.idFor(session);
    const media = create(id);
    must(this.entries.get(session), 'the entry idFor just made').media = media;
    return media;
  }

  media(session: Session): CallMedia | null {
    return this.entries.get(session)?.media ?? null;
  }
}
