// Starts the real parley binary on a free port with a temporary data folder, and stops it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const parleyBinary = process.env.PARLEY_BINARY ?? join(repo, 'build', process.env.PARLEY_PRESET ?? 'release', 'parley');

// Extra arguments every test server gets (e.g. --database postgres://... from scripts/test.sh).
const extraArgs = (process.env.PARLEY_TEST_ARGS ?? '').split(' ').filter(Boolean);

export async function startServer({ args = [], tls = false, dataDir, env = {}, webRoot } = {}) {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'parley-test-'));
  const argv = ['--port', '0', '--listen', '127.0.0.1', '--data-dir', dir, '--log-level', 'warn',
    '--media-listen', '127.0.0.1', '--media-port', '0', '--bcrypt-cost', '4', ...extraArgs, ...args];
  if (!tls) argv.push('--no-tls');
  if (webRoot) argv.push('--web-root', webRoot);
  const child = spawn(parleyBinary, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; if (process.env.PARLEY_TEST_LOG) process.stderr.write(d); });
  let mediaPort;
  const url = await new Promise((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`parley did not start in 15 s:\n${stderr}`)), 15000);
    child.stdout.on('data', (d) => {
      out += d;
      const media = out.match(/Parley media \(STUN\) on udp port (\d+)/);
      if (media) mediaPort = Number(media[1]);
      const m = out.match(/Parley is ready at (\S+)/);
      if (m) { clearTimeout(timer); resolveUrl(m[1].replace('localhost', '127.0.0.1')); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`parley exited with ${code}:\n${stderr}`)); });
  });
  const u = new URL(url);
  return {
    url: url.replace(/\/$/, ''),
    host: u.hostname,
    port: Number(u.port),
    mediaPort,
    dataDir: dir,
    child,
    stderr: () => stderr,
    // SIGTERM and wait; resolves with the exit code.
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = new Promise((r) => child.once('exit', (code, sig) => r(code ?? sig)));
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    cleanup() { if (!dataDir) rmSync(dir, { recursive: true, force: true }); },
  };
}
