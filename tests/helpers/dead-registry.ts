import { createServer } from 'node:net';

export interface DeadRegistry {
  url: string;
  close(): Promise<void>;
}

/**
 * A registry that never answers: a port kept bound until `close()` (a released port can be taken by
 * another test file's server on a busy machine) that answers every connection with bytes that are
 * not HTTP and closes it, so Node's fetch fails at once (a reset or a silently closed socket can
 * leave it waiting for its timeout). A command that contacts it fails with a network error (exit 7).
 */
export async function startDeadRegistry(): Promise<DeadRegistry> {
  const server = createServer((socket) => {
    socket.on('error', () => {});
    socket.end('NOT HTTP\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
