// The ceiling of `bench/compare`: a bare hono app on @hono/node-server answering one fixed,
// pre-serialised JSON body (BODY_BYTES long, the size of our metadata answer). Prints its URL.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const size = Number(process.env.BODY_BYTES ?? 2048);
const body = JSON.stringify({ padding: 'x'.repeat(Math.max(0, size - 14)) });
const app = new Hono();
app.get('/', (c) => c.body(body, 200, { 'content-type': 'application/json' }));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`ceiling on http://127.0.0.1:${info.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
