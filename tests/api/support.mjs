// Shared helpers for the REST API tests. Run plainly (SQLite) or with
// PARLEY_TEST_ARGS="--database $PARLEY_TEST_POSTGRES_URL": then each test file gets its own
// PostgreSQL schema (?schema=api_<random>) so that files never see each other's data, and a server
// restarted within one file finds the same data.
import { randomBytes } from 'node:crypto';
import { request } from '../lib/http.mjs';

const fileSchema = `api_${randomBytes(5).toString('hex')}`;
if (process.env.PARLEY_TEST_ARGS && /--database\s+postgres/.test(process.env.PARLEY_TEST_ARGS)) {
  process.env.PARLEY_TEST_ARGS = process.env.PARLEY_TEST_ARGS.replace(/(--database\s+)(\S+)/, (_, flag, url) =>
    `${flag}${url}${url.includes('?') ? '&' : '?'}schema=${fileSchema}`);
}
const { startServer } = await import('../lib/server.mjs');
export { startServer, request };

export const usingPostgres = /--database\s+postgres/.test(process.env.PARLEY_TEST_ARGS ?? '');

export function uniqueName(prefix = 'u') {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

// An API client bound to one server.
export function api(server) {
  const call = (method, path, { body, token, headers = {} } = {}) =>
    request(server.url + path, {
      method,
      body,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    });
  return {
    get: (path, opts) => call('GET', path, opts),
    post: (path, body, opts = {}) => call('POST', path, { ...opts, body }),
    patch: (path, body, opts = {}) => call('PATCH', path, { ...opts, body }),
    delete: (path, opts) => call('DELETE', path, opts),
    raw: call,
    async register(username = uniqueName(), password = 'correct horse', name = 'Test User') {
      const res = await call('POST', '/api/v1/auth/register', { body: { name, username, password } });
      if (res.status !== 201) throw new Error(`register ${res.status}: ${res.body}`);
      return { ...res.json, password };
    },
    async login(username, password = 'correct horse') {
      const res = await call('POST', '/api/v1/auth/login', { body: { username, password } });
      if (res.status !== 200) throw new Error(`login ${res.status}: ${res.body}`);
      return res.json;
    },
    // A new user with a session: {user, token}.
    async signedIn(name = 'Test User') {
      const username = uniqueName();
      await this.register(username, 'correct horse', name);
      const { token, user } = await this.login(username);
      return { user, token, username };
    },
  };
}
