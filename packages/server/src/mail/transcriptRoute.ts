import type { ChatEngine } from '@parley/engine';
import type { ChatDetails, User } from '@parley/protocol';
import { ParleyError, parseWithSchema, transcriptRequestSchema } from '@parley/protocol';
import type { FastifyInstance } from 'fastify';
import type { AuthenticateSession } from '../sessionAuth';
import { isEmailAddress } from './mailJobs';
import type { MailService } from './mailService';

interface TranscriptRouteOptions {
  engine: ChatEngine;
  /** The caller's session (see `createSessionAuth`). */
  authenticate: AuthenticateSession;
  /** Absent when the server has no SMTP server to send through. */
  mail: MailService | undefined;
}

/**
 * `POST /v1/chats/:chatId/transcript`: a member of the chat (the visitor, at or after its close) or an
 * agent of its room has its transcript e-mailed, to `email` or to the visitor's contact address.
 * Queued (202), sent by the outbox worker.
 */
export function registerTranscriptRoute(app: FastifyInstance, { engine, authenticate, mail }: TranscriptRouteOptions): void {
  app.post('/v1/chats/:chatId/transcript', async (request, reply) => {
    const caller = await authenticate(request);
    const { email } = parseWithSchema(transcriptRequestSchema, request.body ?? {}, 'POST /v1/chats/:chatId/transcript');
    const { chatId } = request.params as { chatId: string };
    // The engine decides who may see the chat, exactly as for chats:get (a hidden chat is not_found).
    const outcome = await engine.handle({ id: caller.sub, role: caller.role }, 'chats:get', { chatId, fields: 'users' });
    if (!outcome.ok) throw new ParleyError(outcome.error.code, outcome.error.message, outcome.error.details);
    if (!mail) throw new ParleyError('forbidden', 'this server sends no e-mail (start it with --smtp-url)');
    const chat = (outcome.data as { chat: ChatDetails }).chat;
    const contact = (chat.users as (string | User)[]).find((user): user is User => typeof user !== 'string' && user.id === chat.creator)?.contact;
    const to = email ?? (isEmailAddress(contact) ? contact : undefined);
    if (to === undefined) throw new ParleyError('invalid_payload', 'email: the visitor left no e-mail address; name one');
    await mail.queueTranscript(chat.id, to);
    return reply.code(202).send({ queued: true, to });
  });
}
