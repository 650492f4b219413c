import type { FastifyInstance } from 'fastify';

export interface SecurityHeaderOptions {
  /** Origins the console may talk to besides its own (`--console-servers`). */
  consoleServers: readonly string[];
}

/**
 * A strict Content-Security-Policy and frame protection on every HTML page the server serves (the
 * console, the demo page): no inline or foreign script, no eval, no framing (clickjacking of the
 * console's buttons), and connections only to this origin and the configured console servers.
 */
export function contentSecurityPolicy({ consoleServers }: SecurityHeaderOptions): string {
  const sockets = consoleServers.map((origin) => origin.replace(/^http/, 'ws'));
  const connect = ["'self'", ...consoleServers, ...sockets].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `connect-src ${connect}`,
    // blob: the widget previews an image from its own bytes while it uploads.
    "img-src 'self' data: blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function registerSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions): void {
  const policy = contentSecurityPolicy(options);
  app.addHook('onSend', async (_request, reply, payload) => {
    const type = reply.getHeader('content-type');
    reply.header('x-content-type-options', 'nosniff');
    if (typeof type === 'string' && type.startsWith('text/html')) {
      reply.header('content-security-policy', policy);
      reply.header('x-frame-options', 'DENY');
      reply.header('referrer-policy', 'no-referrer');
    }
    return payload;
  });
}
