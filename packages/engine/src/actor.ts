import type { UserRole } from '@parley/protocol';

/** The authenticated user a command runs as: the transport vouches for it, payloads never do. */
export interface Actor {
  id: string;
  role: UserRole;
}
