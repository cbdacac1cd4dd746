// The docs stay true: every flag the binary accepts is in docs/OPERATIONS.md with its variable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parleyBinary } from '../lib/server.mjs';

test('every --flag in parley --help is documented in docs/OPERATIONS.md', () => {
  const help = execFileSync(parleyBinary, ['--help'], { encoding: 'utf8' });
  const doc = readFileSync(fileURLToPath(new URL('../../docs/OPERATIONS.md', import.meta.url)), 'utf8');
  const flags = [...help.matchAll(/^ {2}(--[a-z][a-z0-9-]*)[^\n]*\(Env:(\w+)\)/gm)].map((m) => [m[1], m[2]]);
  assert.ok(flags.length > 20, `parsed ${flags.length} flags from --help`);
  const missing = flags.filter(([flag, env]) => !doc.includes(`\`${flag}\``) || !doc.includes(`\`${env}\``));
  assert.deepEqual(missing, [], 'run: python3 scripts/update-flags-doc.py');
});

test('--help exits 0 and a bad flag exits non-zero with a message', () => {
  execFileSync(parleyBinary, ['--help'], { encoding: 'utf8' });
  assert.throws(() => execFileSync(parleyBinary, ['--no-such-flag'], { encoding: 'utf8', stdio: 'pipe' }));
  assert.throws(() => execFileSync(parleyBinary, ['--tls-cert', '/x.pem'], { encoding: 'utf8', stdio: 'pipe' }), /go together/);
});
