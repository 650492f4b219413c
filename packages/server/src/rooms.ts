/** socket.io room holding every socket of one user: events are addressed to users, not sockets. */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}
