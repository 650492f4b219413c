import type { ParleyIo } from './socketTypes';

/** socket.io room holding every socket of one user: events are addressed to users, not sockets. */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}

/** Whether a socket of the user is connected, on any node (counted through the adapter). */
export async function hasSockets(io: ParleyIo, userId: string): Promise<boolean> {
  return (await io.in(userRoom(userId)).fetchSockets()).length > 0;
}
