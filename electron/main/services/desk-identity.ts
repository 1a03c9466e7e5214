/**
 * The desk's SIP instance id (RFC 5626 4.1): a UUID made the first time the desk's phone starts and
 * kept in the data folder (`sip-instance.json`, 0600), so that the phone registers as the same
 * instance after every restart of the app and the registrar replaces the desk's binding instead of
 * adding one (electron/softphone/desk-registration.ts). Two desks (data folders) signed in with the
 * same account are two instances, and both ring. A damaged or hand-edited file is set aside and a new
 * id made: the old binding then expires on its own, as it did before.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { safeLog } from '../safe-log';

const DeskIdentitySchema = z.object({ sipInstanceId: z.string().uuid() }).strict();

export function deskInstanceId(dataDir: string): string {
  const file = path.join(dataDir, 'sip-instance.json');
  let raw: string | null = null;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch {
    /* none yet: made below */
  }
  if (raw !== null) {
    try {
      const parsed = DeskIdentitySchema.safeParse(JSON.parse(raw));
      if (parsed.success) return parsed.data.sipInstanceId.toLowerCase();
    } catch {
      /* not JSON: set aside below */
    }
    const aside = `${file}.invalid-${Date.now()}`;
    fs.renameSync(file, aside);
    safeLog.warn(`the desk's SIP instance file was invalid; kept it as ${path.basename(aside)} and made a new id`);
  }
  const id = randomUUID();
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ sipInstanceId: id }, null, 2), { mode: 0o600 });
  fs.renameSync(tmp, file);
  return id;
}
