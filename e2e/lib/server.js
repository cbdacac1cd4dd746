// Starts the real Parley binary on a free port with a throwaway data folder.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds web/dist when it is missing or older than the app's sources. */
export function ensureWebBuild() {
  const dist = path.join(repoRoot, 'web', 'dist', 'index.html');
  const fresh =
    existsSync(dist) && statSync(dist).mtimeMs >= newestMtime(path.join(repoRoot, 'web', 'src'));
  if (fresh && process.env.PARLEY_E2E_REBUILD !== '1') return;
  const web = path.join(repoRoot, 'web');
  if (!existsSync(path.join(web, 'node_modules'))) {
    const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: web, stdio: 'inherit' });
    if (ci.status !== 0) throw new Error('npm ci in web/ failed');
  }
  const build = spawnSync('npm', ['run', 'build'], { cwd: web, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('web build failed');
}

export async function startServer({ tls = process.env.PARLEY_E2E_NO_TLS !== '1', args: extraArgs = [] } = {}) {
  const binary = process.env.PARLEY_BINARY ?? path.join(repoRoot, 'build', 'release', 'parley');
  if (!existsSync(binary)) throw new Error(`server binary not found at ${binary} (build it first)`);
  ensureWebBuild();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'parley-e2e-'));
  const args = [
    '--listen', '127.0.0.1',
    '--port', '0',
    // The STUN/media UDP port defaults to 3478, often taken (coturn, another test run).
    '--media-listen', '127.0.0.1',
    '--media-port', '0',
    '--data-dir', dataDir,
    '--web-root', path.join(repoRoot, 'web', 'dist'),
    ...(tls ? [] : ['--no-tls']),
    ...extraArgs,
  ];
  const child = spawn(binary, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = [];
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server not ready in 20 s:\n${log.join('')}`)), 20000);
    const onData = (chunk) => {
      const text = chunk.toString();
      log.push(text);
      const m = /Parley is ready at (\S+)/.exec(log.join(''));
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => log.push(c.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${log.join('')}`));
    });
  });
  // The ready line may name localhost or 0.0.0.0; the browser talks to 127.0.0.1.
  const base = url.replace(/\/\/(localhost|0\.0\.0\.0)(?=[:/]|$)/, '//127.0.0.1');
  return {
    url: base,
    log,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => {
          const t = setTimeout(() => {
            child.kill('SIGKILL');
            r();
          }, 5000);
          child.once('exit', () => {
            clearTimeout(t);
            r();
          });
        });
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
