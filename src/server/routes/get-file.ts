import { RegistryError } from '../../core/errors.js';
import { readFile } from '../../services/read-package.js';
import type { RegisterRoute } from '../app-env.js';
import { packageParams } from '../request.js';

const TYPES: Record<string, string> = {
  md: 'text/markdown; charset=utf-8',
  yaml: 'text/yaml; charset=utf-8',
  yml: 'text/yaml; charset=utf-8',
  json: 'application/json; charset=utf-8',
  sh: 'text/x-shellscript; charset=utf-8',
  py: 'text/x-python; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  // Raster images only (a README shows them); SVG can carry script, so it stays a download.
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

/** GET /v1/packages/:scope/:name/:version/files/*path — one file's contents. */
export const registerGetFile: RegisterRoute = (app, deps) => {
  app.get('/v1/packages/:scope/:name/:version/files/*', async (c) => {
    const { scope, name } = packageParams(c);
    const version = c.req.param('version');
    // From the raw URL: `c.req.path` is half-decoded and `param()` fully, so neither lines up with
    // the other once the scope is written `%40acme`. Segments: '', v1, packages, scope, name, version, files.
    const rawPath = new URL(c.req.url).pathname.split('/').slice(7).join('/');
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      throw new RegistryError('BAD_REQUEST', 'The file path is not valid percent-encoding');
    }
    if (!path) throw new RegistryError('BAD_REQUEST', 'Name a file after /files/');
    const file = await readFile(deps, c.get('actor'), scope, name, version, path);
    const extension = path.includes('.') ? path.slice(path.lastIndexOf('.') + 1).toLowerCase() : '';
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': TYPES[extension] ?? 'application/octet-stream',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'",
      etag: `"${file.integrity}:${path}"`,
    });
  });
};
