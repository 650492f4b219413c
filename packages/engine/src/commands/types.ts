import type { ClientCommand, ClientEventName, ClientResult } from '@parley/protocol';
import type { Actor } from '../actor';
import type { Unit } from '../unit';

export type CommandHandler<E extends ClientEventName> = (
  unit: Unit,
  actor: Actor,
  command: ClientCommand<E>,
) => Promise<ClientResult<E>>;

export type CommandHandlers<E extends ClientEventName> = { [K in E]: CommandHandler<K> };
