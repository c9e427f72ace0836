import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestHttpServer {
  readonly baseUrl: string;
  /** Resolves when a request for `path` arrives (including ones already received). */
  received(path: string): Promise<void>;
  close(): Promise<void>;
}

type Route = (request: IncomingMessage, body: string, response: ServerResponse) => void;

const routes: Record<string, Route> = {
  '/json': (_request, _body, response) => {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify({ items: [{ id: 'a1', tags: ['x'] }] }));
  },
  '/text': (_request, _body, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('hello');
  },
  '/echo': (request, body, response) => {
    response.writeHead(201, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({ method: request.method, url: request.url, headers: request.headers, body }),
    );
  },
  '/missing': (_request, _body, response) => {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('no such thing');
  },
  '/broken-json': (_request, _body, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"unterminated":');
  },
  '/large': (_request, _body, response) => {
    response.writeHead(200, { 'content-type': 'text/plain' });
    response.end('x'.repeat(4096));
  },
  // Never answers: for timeouts and aborts.
  '/hang': () => undefined,
};

/** A real HTTP server on an ephemeral loopback port: the http executor is tested against the wire. */
export async function startTestHttpServer(): Promise<TestHttpServer> {
  const arrived = new Set<string>();
  const waiters = new Map<string, Array<() => void>>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      arrived.add(path);
      for (const wake of waiters.get(path) ?? []) wake();
      waiters.delete(path);
      const route = routes[path];
      if (route) route(request, Buffer.concat(chunks).toString('utf8'), response);
      else response.writeHead(500).end(`no route ${path}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    received: (path) =>
      arrived.has(path)
        ? Promise.resolve()
        : new Promise((resolve) => waiters.set(path, [...(waiters.get(path) ?? []), resolve])),
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
