// Start-up failures are clear: a taken port names the flag to change, and the process exits 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, parleyBinary } from '../lib/server.mjs';

function runExpectingFailure(args) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-startup-'));
  try {
    return spawnSync(parleyBinary, ['--data-dir', dir, '--no-tls', '--listen', '127.0.0.1', ...args], { encoding: 'utf8', timeout: 15000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a TCP port in use, or a UDP media port in use, stops start-up with a message naming the flag', async () => {
  const first = await startServer();
  try {
    const tcp = runExpectingFailure(['--port', String(first.port), '--media-port', '0']);
    assert.equal(tcp.status, 1);
    assert.match(tcp.stderr, /cannot listen on TCP 127\.0\.0\.1:\d+ \(--listen\/--port\)/);
    const udp = runExpectingFailure(['--port', '0', '--media-listen', '127.0.0.1', '--media-port', String(first.mediaPort)]);
    assert.equal(udp.status, 1);
    assert.match(udp.stderr, /cannot bind the UDP media port .*\(--media-port, or --no-sfu --no-stun\)/);
  } finally {
    await first.stop();
    first.cleanup();
  }
});
