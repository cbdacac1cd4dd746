// Starts a throwaway coturn on loopback that accepts Parley's time-limited credentials
// (use-auth-secret). --allow-loopback-peers: the browsers under test are on 127.0.0.1 too.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dgram from 'node:dgram';

async function freeUdpPort() {
  const s = dgram.createSocket('udp4');
  await new Promise((r) => s.bind(0, '127.0.0.1', r));
  const { port } = s.address();
  s.close();
  return port;
}

export async function startCoturn() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-coturn-'));
  const port = await freeUdpPort();
  const secret = randomBytes(24).toString('hex');
  const minPort = 50000 + Math.floor(Math.random() * 5000);
  const child = spawn('turnserver', ['-n', '--listening-ip=127.0.0.1', '--relay-ip=127.0.0.1', `--listening-port=${port}`,
    `--min-port=${minPort}`, `--max-port=${minPort + 200}`, '--use-auth-secret', `--static-auth-secret=${secret}`,
    '--realm=parley.test', '--allow-loopback-peers', '--no-cli', '--no-tls', '--no-dtls', '--no-multicast-peers',
    `--userdb=${join(dir, 'turndb')}`, `--pidfile=${join(dir, 'pid')}`, `--log-file=${join(dir, 'turn.log')}`, '--simple-log'],
  { stdio: 'ignore' });
  const log = join(dir, 'turn.log');
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline && !(existsSync(log) && /Total General servers|relay/i.test(readFileSync(log, 'utf8')))) {
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    uri: `turn:127.0.0.1:${port}?transport=udp`,
    host: '127.0.0.1',
    port,
    secret,
    log: () => (existsSync(log) ? readFileSync(log, 'utf8') : ''),
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
