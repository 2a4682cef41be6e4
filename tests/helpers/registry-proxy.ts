/**
 * A recording HTTP proxy in front of a real test registry, for the install tests: it counts what the
 * CLI asks for (to prove a lockfile install makes no metadata requests), remembers which token came
 * with each request (to prove a private registry's token never reaches the public one), and can
 * break chosen answers the way networks do (a reset mid-body, flipped bytes, a hang).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  status?: number;
}

/** What to do to one answer: pass it, cut the connection half-way, corrupt its body, or never answer. */
export type Fault = 'reset' | 'corrupt' | 'hang' | undefined;

export interface RegistryProxy {
  url: string;
  requests: ProxiedRequest[];
  /** Decides the fault for each request (none by default). */
  fault: (request: ProxiedRequest) => Fault;
  /** Resolves when a request for which `fault` answered `hang` arrives. */
  hung: Promise<ProxiedRequest>;
  /** GETs of package metadata (`/v1/packages/:scope/:name`). */
  metadataGets(): ProxiedRequest[];
  /** GETs of tarballs. */
  tarballGets(): ProxiedRequest[];
  reset(): void;
  close(): Promise<void>;
}

const METADATA = /^\/v1\/packages\/[^/]+\/[^/]+$/;
const TARBALL = /^\/v1\/packages\/[^/]+\/[^/]+\/[^/]+\/tarball$/;

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startRegistryProxy(target: string): Promise<RegistryProxy> {
  let hungResolve: (request: ProxiedRequest) => void = () => {};
  const hanging = new Set<ServerResponse>();
  const proxy: RegistryProxy = {
    url: '',
    requests: [],
    fault: () => undefined,
    hung: new Promise((resolve) => {
      hungResolve = resolve;
    }),
    metadataGets: () => proxy.requests.filter((r) => r.method === 'GET' && METADATA.test(r.path)),
    tarballGets: () => proxy.requests.filter((r) => r.method === 'GET' && TARBALL.test(r.path)),
    reset() {
      proxy.requests.length = 0;
      proxy.fault = () => undefined;
      proxy.hung = new Promise((resolve) => {
        hungResolve = resolve;
      });
    },
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer(async (request, response) => {
    const path = (request.url ?? '/').split('?')[0]!;
    const record: ProxiedRequest = {
      method: request.method ?? 'GET',
      path,
      authorization: request.headers.authorization,
    };
    proxy.requests.push(record);
    const fault = proxy.fault(record);
    if (fault === 'hang') {
      hanging.add(response);
      hungResolve(record);
      return;
    }
    const body = await readBody(request);
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.headers)) {
      if (typeof value === 'string' && key !== 'host' && key !== 'connection') headers[key] = value;
    }
    const upstream = await fetch(target + request.url, {
      method: request.method ?? 'GET',
      headers,
      body: body.length > 0 ? body : null,
    });
    const bytes = Buffer.from(await upstream.arrayBuffer());
    record.status = upstream.status;
    const outHeaders: Record<string, string> = {};
    upstream.headers.forEach((value, key) => {
      if (key !== 'content-encoding' && key !== 'transfer-encoding' && key !== 'connection')
        outHeaders[key] = value;
    });
    outHeaders['content-length'] = String(bytes.length);
    if (fault === 'corrupt' && bytes.length > 0) bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    response.writeHead(upstream.status, outHeaders);
    if (fault === 'reset') {
      // Half the body, then the connection dies: what a registry crash or a dropped link looks like.
      response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => response.destroy());
      return;
    }
    response.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
