/**
 * The registry server, loaded only by `serve` and `migrate` (every other command is an HTTP client).
 * Built, the server is its own ES module bundle, dist/server.js, beside the CommonJS CLI bundle:
 * scripts/build.mjs puts an import of that file in place of this module's body.
 */
export function loadServer(): Promise<typeof import('../src/main/serve-cli.js')> {
  return import('../src/main/serve-cli.js');
}
