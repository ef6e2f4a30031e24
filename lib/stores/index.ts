/** Stores shared between processes: certificates, notification replay claims. */
export { STORE_PREFIX, type KeyValueStore } from './key-value-store';
export { MemoryStore, type MemoryStoreOptions } from './memory-store';
export { FileStore, type FileStoreOptions } from './file-store';
export { RedisStore, type RedisCommandClient, type RedisStoreOptions } from './redis-store';
