// Small HTTP helpers over node's own clients (no mocks: these talk to the real server).
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

// One request; resolves {status, headers, body, json}. Self-signed certificates are accepted.
export function request(url, { method = 'GET', headers = {}, body, agent } = {}) {
  const u = new URL(url);
  const lib = u.protocol === 'https:' ? https : http;
  const payload = body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const allHeaders = { ...headers };
  if (payload !== undefined && !Object.keys(allHeaders).some((h) => h.toLowerCase() === 'content-type')) {
    allHeaders['content-type'] = 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = lib.request(u, { method, headers: allHeaders, agent, rejectUnauthorized: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, body: text, json });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

// Opens a raw TCP (or TLS) connection, writes `bytes`, and collects everything until the server
// closes or `timeoutMs` passes. Resolves {data, closed}.
export function rawExchange(host, port, bytes, { secure = false, timeoutMs = 3000, keepOpen = false } = {}) {
  return new Promise((resolve, reject) => {
    const socket = secure
      ? tls.connect({ host, port, rejectUnauthorized: false })
      : net.connect({ host, port });
    let data = '';
    let closed = false;
    const timer = setTimeout(() => { socket.destroy(); resolve({ data, closed }); }, timeoutMs);
    socket.on(secure ? 'secureConnect' : 'connect', () => { if (bytes) socket.write(bytes); });
    socket.on('data', (d) => { data += d.toString('latin1'); });
    socket.on('error', (e) => { if (e.code !== 'ECONNRESET') { clearTimeout(timer); reject(e); } });
    socket.on('close', () => { closed = true; clearTimeout(timer); resolve({ data, closed }); });
    if (keepOpen) socket.setKeepAlive(true);
  });
}

export function statusOf(rawResponse) {
  const m = rawResponse.match(/^HTTP\/1\.1 (\d{3})/);
  return m ? Number(m[1]) : undefined;
}
