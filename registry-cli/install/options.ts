import type { OptionSpecs } from '../command.js';

/** Flags every install-family command takes. */
export const INSTALL_OPTIONS = {
  offline: {
    type: 'boolean',
    description:
      'Use only the local cache: no network at all (fails with OFFLINE_CACHE_MISS if a tarball is not cached)',
  },
  cache: {
    type: 'string',
    value: 'DIR',
    description: 'The tarball cache (default ~/.cache/patternhub; also PATTERNHUB_CACHE)',
  },
  prerelease: { type: 'boolean', description: 'Let ranges pick prerelease versions (1.2.0-beta.1)' },
  concurrency: {
    type: 'string',
    value: 'N',
    description: 'Downloads and metadata requests at once, 1 to 256 (default 16)',
  },
} as const satisfies OptionSpecs;
