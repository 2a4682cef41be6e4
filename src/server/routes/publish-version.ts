import { bodyLimit } from 'hono/body-limit';
import { RegistryError } from '../../core/errors.js';
import { publishVersion } from '../../services/publish.js';
import type { RegisterRoute } from '../app-env.js';
import { meta, packageParams } from '../request.js';

/**
 * PUT /v1/packages/:scope/:name/:version — body: the gzipped tarball. `?dryRun=1` runs the whole
 * publish, every check and write, in a transaction that is rolled back: 200 and the would-be answer.
 */
export const registerPublishVersion: RegisterRoute = (app, deps) => {
  app.put(
    '/v1/packages/:scope/:name/:version',
    bodyLimit({
      maxSize: deps.limits.maxTarballBytes,
      onError: () => {
        throw new RegistryError(
          'PAYLOAD_TOO_LARGE',
          `The tarball is over ${deps.limits.maxTarballBytes} bytes`,
        );
      },
    }),
    async (c) => {
      const { scope, name } = packageParams(c);
      const access = c.req.query('access');
      const dryRun = c.req.query('dryRun');
      if (dryRun !== undefined && !['1', 'true', '0', 'false'].includes(dryRun)) {
        throw new RegistryError('BAD_REQUEST', 'dryRun must be 1 or 0');
      }
      if (access !== undefined && access !== 'public' && access !== 'private') {
        throw new RegistryError('BAD_REQUEST', 'access must be public or private');
      }
      // Refuse an anonymous upload before reading it: only callers with a token may send 10 MiB.
      if (!c.get('actor')) {
        throw new RegistryError('UNAUTHENTICATED', 'Publishing needs a token', {
          hint: 'Run `patternhub login`.',
        });
      }
      const tarball = new Uint8Array(await c.req.arrayBuffer());
      if (tarball.byteLength === 0)
        throw new RegistryError('BAD_REQUEST', 'The request body must be the tarball');
      const published = await publishVersion(
        deps,
        c.get('actor'),
        {
          scope,
          name,
          version: c.req.param('version'),
          tarball,
          tag: c.req.query('tag'),
          access,
          overrideBump: c.req.query('overrideBump'),
          dryRun: dryRun === '1' || dryRun === 'true',
        },
        meta(c),
      );
      // A dry run created nothing: 200 with what a publish would have answered.
      return c.json(published, dryRun === '1' || dryRun === 'true' ? 200 : 201);
    },
  );
};
