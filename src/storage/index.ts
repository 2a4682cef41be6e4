export type { BlobStore } from './blob-store.js';
export { createFilesystemBlobStore } from './filesystem-blob-store.js';
export { createPostgresBlobStore } from './postgres-blob-store.js';
