import type { RoomSettings } from '@parley/protocol';
import type { Logger } from 'pino';
import type { AdminTable, RoomRecord } from './store/adminTable';

/**
 * The rooms a node knows: those of its config (`--rooms`, `--room-settings`, read-only) and those an
 * admin created (in the database, shared by every node). `knownRooms` is the very set the engine's
 * policy checks visitors' rooms against: it is updated in place, so a room an admin creates is open
 * to visitors without a restart. Other nodes learn of a change from the adapter's message at once,
 * and from the periodic re-read when there is no Redis or a message was lost.
 */
export interface RoomDirectory {
  /** Handed to the engine as `policy.knownRooms`; `undefined` when any room is accepted (`--rooms '*'`). */
  readonly knownRooms: Set<string> | undefined;
  /** The config's settings and the database's rooms, by name (the database's win for a name in both). */
  settingsOf(room: string): (RoomSettings & Pick<RoomRecord, 'hours'>) | undefined;
  /** Admin-created rooms, as last read. */
  databaseRooms(): RoomRecord[];
  configRooms(): string[];
  refresh(): Promise<void>;
  start(): void;
  stop(): void;
}

export interface RoomDirectoryOptions {
  table: AdminTable;
  rooms: string[] | '*' | undefined;
  roomSettings: Readonly<Record<string, RoomSettings>>;
  logger: Logger;
  /** How often the database's rooms are re-read (default 10 s). */
  refreshMs?: number;
}

export function createRoomDirectory(options: RoomDirectoryOptions): RoomDirectory {
  const { table, roomSettings, logger } = options;
  const fromConfig = [...new Set([...(options.rooms === '*' ? [] : (options.rooms ?? [])), ...Object.keys(roomSettings)])];
  const knownRooms = options.rooms === '*' ? undefined : new Set(fromConfig);
  let database = new Map<string, RoomRecord>();
  let timer: NodeJS.Timeout | undefined;

  async function refresh(): Promise<void> {
    const rooms = await table.listRooms();
    database = new Map(rooms.map((room) => [room.name, room]));
    if (!knownRooms) return;
    for (const name of [...knownRooms]) if (!fromConfig.includes(name) && !database.has(name)) knownRooms.delete(name);
    for (const name of database.keys()) knownRooms.add(name);
  }

  return {
    knownRooms,
    settingsOf(room) {
      const stored = database.get(room);
      if (stored) {
        const { name: _name, ...settings } = stored;
        return settings;
      }
      return Object.hasOwn(roomSettings, room) ? roomSettings[room] : undefined;
    },
    databaseRooms: () => [...database.values()],
    configRooms: () => [...fromConfig],
    refresh,
    start() {
      timer = setInterval(() => {
        refresh().catch((error: unknown) => logger.debug({ err: error }, 'rooms could not be re-read'));
      }, options.refreshMs ?? 10_000);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
