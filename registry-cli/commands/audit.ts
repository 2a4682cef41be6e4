import { join } from 'node:path';
import { EXIT, isRegistryError, RegistryError } from '../../src/core/errors.js';
import { verifyVersionSignature } from '../../src/core/signatures.js';
import { defineCommand } from '../command.js';
import { mapLimit } from '../install/fetch-packages.js';
import { installedIntegrity, PACKAGES_DIR } from '../install/installed.js';
import { INSTALL_OPTIONS } from '../install/options.js';
import { openSession } from '../install/session.js';
import { readSignatures } from '../install/signatures.js';
import { painter, table } from '../output.js';

const USAGE = 'patternhub audit signatures [--offline]';

/** One installed package's verdict. */
export interface SignatureAudit {
  name: string;
  version: string;
  registry: string;
  status: 'verified' | 'failed';
  /** The key that verified it. */
  keyid?: string;
  /** Why it failed: a stable code and a sentence. */
  code?: string;
  reason?: string;
}

export default defineCommand({
  name: 'audit',
  summary: 'Check the registry signatures of every installed package',
  usage: USAGE,
  options: { offline: INSTALL_OPTIONS.offline, cache: INSTALL_OPTIONS.cache },
  examples: [
    "patternhub audit signatures             # every installed package, against its registry's keys",
    'patternhub audit signatures --offline   # with the keys kept in the cache by the last install',
  ],
  notes:
    "Checks each package in patternhub.lock that is installed: its registry's ECDSA P-256 signature " +
    'of name@version:integrity (GET /v1/keys), as install does. Exit 3 when one fails; local packages ' +
    '(file: and link:) have no registry signature and are left out.',
  async run(context) {
    if (context.args[0] !== 'signatures' || context.args.length > 1) {
      throw new RegistryError('USAGE', `Usage: ${USAGE}`);
    }
    const session = openSession(context);
    const lock = session.project.lockfile;
    if (!lock) {
      throw new RegistryError('USAGE', 'There is no patternhub.lock: nothing is installed', {
        hint: 'Run `patternhub install` first.',
      });
    }
    // Local packages (file:, link:) come from no registry and carry no registry signature.
    const fromRegistries = Object.entries(lock.packages).filter(([, entry]) => entry.source === undefined);
    const rows = await mapLimit(fromRegistries, session.concurrency, async ([name, entry]) => {
      const row: SignatureAudit = {
        name,
        version: entry.version,
        registry: entry.registry,
        status: 'failed',
      };
      try {
        const installed = installedIntegrity(join(session.project.root, PACKAGES_DIR, name));
        if (installed !== entry.integrity) {
          throw new RegistryError(
            'INTEGRITY_MISMATCH',
            installed === undefined
              ? `${name} is not installed`
              : `${name} is installed with integrity ${installed}, not the locked ${entry.integrity}`,
          );
        }
        let signatures = entry.signatures;
        let publishedAt: string | undefined;
        // The registry's current word: publish time (for key expiry) and its signatures.
        if (!session.offline)
          ({ signatures, publishedAt } = await readSignatures(session.registries, name, entry));
        row.keyid = verifyVersionSignature(
          { name, version: entry.version, integrity: entry.integrity, signatures, publishedAt },
          await session.keys.keysOf(entry.registry),
          entry.registry,
        );
        row.status = 'verified';
      } catch (error) {
        if (!isRegistryError(error)) throw error;
        row.code = error.code;
        row.reason = error.message;
      }
      return row;
    });
    rows.sort((a, b) => (a.name < b.name ? -1 : 1));
    const failed = rows.filter((row) => row.status === 'failed').length;
    const paint = painter(context.out.color);
    const text = [
      table(
        ['package', 'version', 'status', 'key / reason'],
        rows.map((row) => [
          row.name,
          row.version,
          row.status === 'verified' ? paint('green', 'verified') : paint('red', 'failed'),
          row.status === 'verified' ? (row.keyid ?? '') : `${row.code}: ${row.reason}`,
        ]),
      ),
      failed === 0
        ? `${rows.length} package${rows.length === 1 ? '' : 's'} verified.`
        : `${failed} of ${rows.length} package${rows.length === 1 ? '' : 's'} failed the signature check.`,
    ].join('\n');
    return {
      text,
      data: { packages: rows, verified: rows.length - failed, failed },
      ...(failed > 0 ? { exitCode: EXIT.invalid } : {}),
    };
  },
});
