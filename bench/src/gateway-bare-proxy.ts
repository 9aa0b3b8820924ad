// Child process of the gateway scenario: the floor a gateway is compared with. A node:http server
// that forwards every request to the upstream through an undici keep-alive pool and pipes the
// answer back, parsing nothing. Prints its URL once listening.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import { Pool } from 'undici';

const [upstream = '', connections = '128'] = process.argv.slice(2);
const pool = new Pool(new URL(upstream).origin, { connections: Number(connections), keepAliveTimeout: 30_000 });
// Hop-by-hop headers belong to one connection, not to the request or answer forwarded.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'upgrade', 'proxy-connection']);
const endToEnd = (headers: http.IncomingHttpHeaders | Record<string, string | string[] | undefined>) => {
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) kept[name] = value;
  return kept;
};

const server = http.createServer(async (req, res) => {
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  try {
    const answer = await pool.request({ path: req.url ?? '/', method: req.method as 'POST', headers: endToEnd(req.headers), body: req, signal: abort.signal });
    res.writeHead(answer.statusCode, endToEnd(answer.headers));
    await pipeline(answer.body, res);
  } catch (error) {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(String(error));
  }
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`bare proxy listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => server.close(() => process.exit(0)));
