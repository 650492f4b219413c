/**
 * Ids that are not users: the server's own (`sender: 'system'`, `chat:closed` by `system`) and
 * imported history's `assistant`. No agent or token may take one, whatever its case.
 */
export const reservedUserIds: readonly string[] = ['system', 'assistant'];

export function isReservedUserId(id: string): boolean {
  return reservedUserIds.includes(id.toLowerCase());
}
