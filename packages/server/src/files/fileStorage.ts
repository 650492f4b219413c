import type { FileStorageKind, SqlStore } from '../store/sqlStore';

/**
 * Where uploaded files' bytes live. The database is the default (every node sees them, and
 * `pnpm start` needs nothing); an S3-compatible object store is the scale-out option
 * (`s3FileStorage.ts`). Records (name, type, chat) are always in the database.
 */
export interface FileStorage {
  readonly kind: FileStorageKind;
  put(id: string, bytes: Uint8Array, mimeType: string): Promise<void>;
  /** The bytes, or undefined when nothing is stored under `id`. */
  get(id: string): Promise<Uint8Array | undefined>;
  delete(id: string): Promise<void>;
}

/** Bytes in the database (`bytea` in `file_blobs`, on PostgreSQL and PGlite alike). */
export function createDatabaseFileStorage(store: SqlStore): FileStorage {
  return {
    kind: 'database',
    put: (id, bytes) => store.putFileBytes(id, bytes),
    get: (id) => store.getFileBytes(id),
    delete: (id) => store.deleteFileBytes(id),
  };
}
