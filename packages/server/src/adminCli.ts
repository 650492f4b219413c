import { createChatEngine } from '@parley/engine';
import type { AdminAgent, AdminRoom, PasswordLink } from '@parley/protocol';
import { adminAgentCreateSchema, adminRoomCreateSchema, businessHoursSchema, ParleyError, parseWithSchema } from '@parley/protocol';
import { createAdministration } from './administration';
import { readAdminCommand } from './adminCommand';
import { publicUrlOf } from './config';
import { openSqlStore } from './store/openStore';

/**
 * Scripted set-ups (issue 16): the same actions as the console's admin pages, on the database itself
 * (`--database-url`, or PGlite in `--data-dir`, which only one process opens at a time: stop the
 * server first). Audited with the actor `cli`. Running servers see new rooms at their next re-read
 * (10 s), agents at once. Returns what to print.
 */
export async function runAdminCommand(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { command, action, values, positionals } = readAdminCommand(argv);
  const databaseUrl = values['database-url'] ?? env.DATABASE_URL;
  const store = await openSqlStore(databaseUrl ? { databaseUrl, poolSize: 1 } : { dataDir: values['data-dir'] ?? env.PARLEY_DATA_DIR ?? '.parley' });
  const host = values.host ?? env.HOST ?? '127.0.0.1';
  const port = values.port ?? env.PORT ?? '3000';
  const publicUrl = publicUrlOf(values['public-url'] ?? env.PARLEY_PUBLIC_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`);
  const engine = createChatEngine({ store });
  const administration = createAdministration({ engine, store, publicUrl: () => publicUrl });
  try {
    const subject = positionals[0];
    switch (`${command} ${action}`) {
      case 'admin create':
      case 'agents add': {
        const input = parseWithSchema(
          adminAgentCreateSchema,
          {
            username: subject,
            name: values.name,
            rooms: values.rooms?.split(',').map((room) => room.trim()).filter(Boolean) ?? [],
            ...(values.capacity !== undefined && { capacity: Number(values.capacity) }),
            admin: command === 'admin' || values.admin === true,
          },
          `${command} ${action}`,
        );
        const { agent, link } = await administration.createAgent('cli', input);
        return `${describeAgent(agent)}\n${describeLink(link)}`;
      }
      case 'agents list':
        return (await administration.listAgents()).map(describeAgent).join('\n') || 'no agents';
      case 'agents disable': {
        if (!subject) throw new ParleyError('invalid_payload', 'agents disable <username>');
        return describeAgent(await administration.updateAgent('cli', subject, { disabled: true }));
      }
      // Reactivates, as `disabled: false` in the console: sign-in works again; the agent stays offline
      // until it connects, and gets back no chat that was handed over when it was deactivated.
      case 'agents enable': {
        if (!subject) throw new ParleyError('invalid_payload', 'agents enable <username>');
        return describeAgent(await administration.updateAgent('cli', subject, { disabled: false }));
      }
      case 'rooms add': {
        const hours = values.hours === undefined ? undefined : parseWithSchema(businessHoursSchema, parseJson(values.hours), '--hours');
        // `--team-email a@x.com,b@x.com`: where the room's offline messages are e-mailed (as in the console).
        const addresses = values['team-email']?.split(',').map((address) => address.trim()).filter(Boolean);
        const teamEmail = addresses === undefined ? undefined : addresses.length === 1 ? addresses[0] : addresses;
        const input = parseWithSchema(
          adminRoomCreateSchema,
          {
            name: subject,
            ...(values.welcome !== undefined && { welcome: values.welcome }),
            ...(values['reply-time'] !== undefined && { replyTime: values['reply-time'] }),
            ...(hours && { hours }),
            ...(teamEmail && { teamEmail }),
          },
          'rooms add',
        );
        return describeRoom(await administration.createRoom('cli', input));
      }
      case 'rooms list':
        return (await administration.listRooms()).map(describeRoom).join('\n') || 'no rooms';
      default:
        throw new ParleyError('invalid_payload', `unknown command "parley-server ${command} ${action}"`);
    }
  } finally {
    await store.close();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ParleyError('invalid_payload', `--hours: ${(error as Error).message}`);
  }
}

function describeAgent(agent: AdminAgent): string {
  const flags = [agent.admin && 'admin', agent.disabled && 'deactivated', !agent.hasPassword && 'invited'].filter(Boolean).join(', ');
  return `${agent.user.id}\t${agent.user.name}\trooms: ${agent.rooms.join(',') || '-'}\tcapacity: ${agent.capacity}${flags ? `\t(${flags})` : ''}`;
}

function describeRoom(room: AdminRoom): string {
  const hours = room.hours ? `\thours: ${room.hours.timeZone}, ${room.hours.weekly.map((o) => `${o.day} ${o.open}-${o.close}`).join('; ')}` : '';
  const team = room.teamEmail === undefined ? '' : `\tteam e-mail: ${[room.teamEmail].flat().join(',')}`;
  return `${room.name}\t${room.source}${room.welcome ? `\twelcome: ${room.welcome}` : ''}${room.replyTime ? `\treplies in: ${room.replyTime}` : ''}${hours}${team}\n  ${room.snippet}`;
}

export function describeLink(link: PasswordLink): string {
  return `One-time link to set the password (until ${link.expiresAt}):\n  ${link.url}`;
}
