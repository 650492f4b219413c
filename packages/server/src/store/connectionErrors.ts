/** Socket-level failures: the database (or Redis) is unreachable or went away mid-conversation. */
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** SQLSTATEs that mean "this connection or server is gone", not "this statement is wrong". */
const lostConnectionStates = new Set([
  '57P01', // admin_shutdown: pg_terminate_backend, or a fast shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '53300', // too_many_connections
]);

/** What node-postgres says when the socket closes under a query or a connect times out. */
const lostConnectionMessages = [
  'Connection terminated',
  'connection terminated',
  'Client has encountered a connection error',
  'Client was closed',
];

/**
 * Whether `error` says the database connection was lost or could not be made (rather than a bug or
 * a refused statement): such a unit changed nothing it did not commit, and the node should report the
 * database unavailable instead of logging every failed command.
 */
export function isConnectionError(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (socketCodes.has(code) || lostConnectionStates.has(code) || code.startsWith('08'))) return true;
    if (typeof message === 'string' && lostConnectionMessages.some((text) => message.includes(text))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
