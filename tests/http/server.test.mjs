// The HTTP core against the real binary: keep-alive, static files, limits, TLS, graceful shutdown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';
import { request, rawExchange, statusOf } from '../lib/http.mjs';

const webRoot = mkdtempSync(join(tmpdir(), 'parley-web-'));
mkdirSync(join(webRoot, 'assets'));
writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>Parley</title>');
writeFileSync(join(webRoot, 'assets', 'app-abc123.js'), 'console.log(1)');
writeFileSync(join(webRoot, 'assets', 'style-abc123.css'), 'body{}');
const outside = mkdtempSync(join(tmpdir(), 'parley-outside-'));
writeFileSync(join(outside, 'secret.txt'), 'TOP-SECRET');

let server;
before(async () => {
  server = await startServer({ webRoot, args: ['--request-timeout', '2', '--idle-timeout', '2', '--max-body-bytes', '1024'] });
});
after(async () => {
  await server.stop();
  server.cleanup();
  rmSync(webRoot, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

test('healthz answers JSON', async () => {
  const res = await request(`${server.url}/healthz`);
  assert.equal(res.status, 200);
  assert.equal(res.json.status, 'ok');
  assert.match(res.headers['content-type'], /application\/json/);
});

test('serves the web app with content types, caching and SPA fallback', async () => {
  const js = await request(`${server.url}/assets/app-abc123.js`);
  assert.equal(js.status, 200);
  assert.equal(js.body, 'console.log(1)');
  assert.match(js.headers['content-type'], /text\/javascript/);
  assert.match(js.headers['cache-control'], /immutable/);
  const css = await request(`${server.url}/assets/style-abc123.css`);
  assert.match(css.headers['content-type'], /text\/css/);
  const page = await request(`${server.url}/m/abc-defg-hij`);
  assert.equal(page.status, 200);
  assert.match(page.body, /<title>Parley<\/title>/);
  assert.equal(page.headers['cache-control'], 'no-cache');
  const missingAsset = await request(`${server.url}/assets/missing.js`);
  assert.equal(missingAsset.status, 404);
  const head = await request(`${server.url}/assets/app-abc123.js`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers['content-length'], String('console.log(1)'.length));
  assert.equal(head.body, '');
});

test('unknown API routes are 404 JSON and wrong methods 405', async () => {
  const res = await request(`${server.url}/api/v1/nope`);
  assert.equal(res.status, 404);
  assert.equal(res.json.error, 'not_found');
  const wrong = await request(`${server.url}/healthz`, { method: 'DELETE' });
  assert.equal(wrong.status, 405);
  assert.equal(wrong.headers.allow, 'GET');
});

test('keep-alive: several requests on one connection, pipelined', async () => {
  const one = 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n';
  const last = 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
  const { data, closed } = await rawExchange(server.host, server.port, one + one + last);
  assert.equal(data.match(/HTTP\/1\.1 200 OK/g)?.length, 3);
  assert.ok(closed);
});

test('path traversal never reaches a file outside the web root', async () => {
  const rel = `../${outside.split('/').pop()}/secret.txt`;
  for (const target of [`/${rel}`, `/assets/../../${rel}`, `/%2e%2e/${rel}`, `/..%2f${rel}`, `/assets/..%5c..%5c${rel}`, '/%2e%2e%2f%2e%2e%2fetc%2fpasswd']) {
    const { data } = await rawExchange(server.host, server.port, `GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.equal(statusOf(data), 404, `${target} -> ${data.slice(0, 40)}`);
    assert.ok(!data.includes('TOP-SECRET') && !data.includes('root:'), target);
  }
});

test('an oversized body is refused with 413 and the connection closed', async () => {
  const body = 'x'.repeat(4096);
  const { data, closed } = await rawExchange(server.host, server.port,
    `POST /api/v1/anything HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
  assert.equal(statusOf(data), 413);
  assert.match(data, /"error":"payload_too_large"/);
  assert.ok(closed);
});

test('oversized headers are refused with 431', async () => {
  const { data } = await rawExchange(server.host, server.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20000)}\r\n\r\n`);
  assert.equal(statusOf(data), 431);
});

test('malformed HTTP gets 400 and the connection is closed', async () => {
  for (const bytes of ['GARBAGE\r\n\r\n', 'GET / HTTP/9.9\r\n\r\n', 'GET / HTTP/1.1\r\nBad Header\r\n\r\n',
    'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n', 'GET noslash HTTP/1.1\r\nHost: x\r\n\r\n']) {
    const { data, closed } = await rawExchange(server.host, server.port, bytes);
    assert.equal(statusOf(data), 400, JSON.stringify(bytes));
    assert.ok(closed);
  }
  const res = await request(`${server.url}/healthz`);
  assert.equal(res.status, 200, 'server alive after malformed requests');
});

test('a request that does not arrive in time gets 408', async () => {
  const { data, closed } = await rawExchange(server.host, server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n', { timeoutMs: 6000 });
  assert.equal(statusOf(data), 408);
  assert.ok(closed);
});

test('an idle kept-alive connection is closed after the idle timeout', async () => {
  const started = Date.now();
  const { data, closed } = await rawExchange(server.host, server.port, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n', { timeoutMs: 8000 });
  assert.equal(statusOf(data), 200);
  assert.ok(closed, 'closed by the server');
  assert.ok(Date.now() - started < 7000);
});

test('metrics are in Prometheus text format', async () => {
  const res = await request(`${server.url}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'], /text\/plain; version=0\.0\.4/);
  assert.match(res.body, /^# TYPE parley_http_requests_total counter$/m);
  assert.match(res.body, /^parley_http_requests_total\{status="200"\} \d+$/m);
  assert.match(res.body, /^parley_http_connections_active \d+$/m);
  assert.match(res.body, /^parley_uptime_seconds [\d.]+$/m);
});

test('HTTPS with a self-signed certificate made on first start, and http:// redirected', async () => {
  const tlsServer = await startServer({ tls: true, webRoot });
  try {
    assert.match(tlsServer.url, /^https:/);
    const res = await request(`${tlsServer.url}/healthz`);
    assert.equal(res.status, 200);
    const plain = await request(`${tlsServer.url.replace('https:', 'http:')}/m/x?y=1`);
    assert.equal(plain.status, 308);
    assert.equal(plain.headers.location, `https://${tlsServer.host}:${tlsServer.port}/m/x?y=1`);
  } finally {
    await tlsServer.stop();
  }
  // A restart on the same data folder reuses the certificate.
  const again = await startServer({ tls: true, webRoot, dataDir: tlsServer.dataDir });
  try {
    assert.equal((await request(`${again.url}/healthz`)).status, 200);
  } finally {
    await again.stop();
    tlsServer.cleanup();
    rmSync(tlsServer.dataDir, { recursive: true, force: true });
  }
});

test('graceful shutdown: an in-flight request completes, new connections are refused, exit code 0', async () => {
  const s = await startServer({ webRoot });
  const socket = net.connect({ host: s.host, port: s.port });
  await new Promise((r) => socket.once('connect', r));
  let data = '';
  socket.on('data', (d) => { data += d; });
  const closed = new Promise((r) => socket.once('close', r));
  // Headers and half the body: the request is in flight when SIGTERM arrives.
  socket.write('POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n12345');
  await new Promise((r) => setTimeout(r, 200));
  const exit = s.stop('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  await assert.rejects(request(`${s.url}/healthz`), 'no new connections while draining');
  socket.write('67890');
  await closed;
  assert.equal(statusOf(data), 405, 'the in-flight request got its answer');
  assert.match(data, /Connection: close/i);
  assert.equal(await exit, 0);
  s.cleanup();
});
