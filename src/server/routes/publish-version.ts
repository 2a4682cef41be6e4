import { bodyLimit } from 'hono/body-limit';
import { RegistryError } from '../../core/errors.js';
import { publishVersion } from '../../services/publish.js';
import type { RegisterRoute } from '../app-env.js';
import { meta, packageParams } from '../request.js';

/** PUT /v1/packages/:scope/:name/:version — body: the gzipped tarball. */
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
        },
        meta(c),
      );
      return c.json(published, 201);
    },
  );
};
