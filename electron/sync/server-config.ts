import { z } from 'zod';
import { DomainError } from '../../shared/domain/errors';
import type { TillStore } from '../store';

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
    store.stmt('UPDATE till_config SET server_url = ?, server_token = ? WHERE singleton = 1').run(parsed.data.serverUrl, parsed.data.token);
    if (config.serverUrl !== parsed.data.serverUrl) store.stmt("UPDATE sync_state SET pull_cursor = '0' WHERE singleton = 1").run();
  });
  store.invalidateConfig();
}
