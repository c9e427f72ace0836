// A tiny keep-alive JSON client: one connection pool, timings taken around the whole round trip.
import http from 'node:http';

export function createClient(baseUrl, token) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const base = new URL(baseUrl);

  function request(method, path, body, { timeoutMs = 120_000 } = {}) {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = { accept: 'application/json' };
    if (token.value) headers.authorization = `Bearer ${token.value}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = http.request(
        { host: base.hostname, port: base.port, path, method, headers, agent, timeout: timeoutMs },
        (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () => {
            const ms = performance.now() - started;
            const text = Buffer.concat(chunks).toString();
            let json;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = text;
            }
            resolve({ status: res.statusCode, body: json, ms });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)));
      req.on('error', (error) =>
        reject(new Error(`${method} ${base.host}${path}: ${error.message}`, { cause: error })),
      );
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** Like `request` but throws unless the status is one of `expected`. */
  async function expect(expected, method, path, body, options) {
    const res = await request(method, path, body, options);
    if (!expected.includes(res.status)) {
      const error = new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      error.status = res.status;
      throw error;
    }
    return res;
  }

  return { request, expect, close: () => agent.destroy() };
}
