import { z } from 'zod';
import { DomainError } from '../../shared/domain/errors';
import type { TillStore } from '../store';
import { resetCursor } from '../store/sync-state-repo';
import { setSyncServer } from '../store/till-config-repo';

const serverSettingsSchema = z.object({
  serverUrl: z.url({ protocol: /^https?$/ }),
  token: z.string().trim().min(16).max(512),
});

/**
 * Points the till at its sync server with the one-time token printed by `admin enroll-till`. A different
 * server than before restarts pulling from the beginning, since cursors of one server mean nothing to another.
 */
export function configureSyncServer(store: TillStore, input: { serverUrl: string; token: string }): void {
  const parsed = serverSettingsSchema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError('INVALID_INPUT', 'a sync server needs an http(s) URL and the token printed at enrolment', {
      issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  }
  const config = store.config();
  store.transaction(() => {
    setSyncServer(store, parsed.data.serverUrl, parsed.data.token);
    if (config.serverUrl !== parsed.data.serverUrl) resetCursor(store);
  });
  store.invalidateConfig();
}
