import { parseArgs } from 'node:util';
import { ParleyError } from '@parley/protocol';

/** The subcommands: `parley-server agents …`, `rooms …`, `admin create`. */
export const adminCommands = {
  admin: ['create'],
  agents: ['add', 'list', 'disable', 'enable'],
  rooms: ['add', 'list'],
} as const;

export function isAdminCommand(argv: readonly string[]): boolean {
  return Object.hasOwn(adminCommands, argv[0] ?? '');
}

/**
 * Reads `parley-server <command> <action> …` without running it (the docs check reads documented
 * commands this way too): an unknown action or flag is refused with `invalid_payload`.
 */
export function readAdminCommand(argv: readonly string[]) {
  const [command = '', action = '', ...rest] = argv;
  const actions: readonly string[] = Object.hasOwn(adminCommands, command) ? adminCommands[command as keyof typeof adminCommands] : [];
  if (!actions.includes(action)) {
    throw new ParleyError('invalid_payload', `unknown command "parley-server ${command} ${action}"; known: ${Object.entries(adminCommands).map(([name, list]) => `${name} ${list.join('|')}`).join(', ')}`);
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      options: {
        name: { type: 'string' },
        rooms: { type: 'string' },
        capacity: { type: 'string' },
        admin: { type: 'boolean' },
        welcome: { type: 'string' },
        'reply-time': { type: 'string' },
        hours: { type: 'string' },
        'team-email': { type: 'string' },
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        'public-url': { type: 'string' },
        host: { type: 'string' },
        port: { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
    return { command, action, values, positionals };
  } catch (error) {
    throw new ParleyError('invalid_payload', (error as Error).message);
  }
}
