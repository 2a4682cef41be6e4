/** Safety limits for tarballs and YAML. Configuration with sane defaults; callers may pass their own. */
export interface PackageLimits {
  /** Largest compressed tarball accepted, in bytes. */
  maxTarballBytes: number;
  /** Largest total unpacked size, in bytes (stops gzip bombs). */
  maxUnpackedBytes: number;
  /** Largest single file, in bytes. */
  maxFileBytes: number;
  /** Most entries in one tarball. */
  maxFiles: number;
  /** Most YAML aliases in one document (stops billion-laughs). */
  maxYamlAliases: number;
  /** Longest path inside a package. */
  maxPathLength: number;
  /** Largest single YAML file, in bytes: parsing costs time in proportion. */
  maxYamlBytes: number;
  /** Deepest nesting in one YAML document. */
  maxYamlDepth: number;
  /** Most values in one YAML document, aliases expanded. */
  maxYamlNodes: number;
  /** Most characters of text in one YAML document, aliases expanded (stops string bombs). */
  maxYamlExpandedChars: number;
}

export const DEFAULT_LIMITS: Readonly<PackageLimits> = Object.freeze({
  maxTarballBytes: 10 * 1024 * 1024,
  maxUnpackedBytes: 50 * 1024 * 1024,
  maxFileBytes: 10 * 1024 * 1024,
  maxFiles: 2000,
  maxYamlAliases: 100,
  maxPathLength: 1024,
  maxYamlBytes: 256 * 1024,
  maxYamlDepth: 64,
  maxYamlNodes: 100_000,
  maxYamlExpandedChars: 8 * 1024 * 1024,
});

export function resolveLimits(overrides: Partial<PackageLimits> = {}): PackageLimits {
  return { ...DEFAULT_LIMITS, ...overrides };
}
