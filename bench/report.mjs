// Turns a results folder written by bench/run.sh into docs/BENCHMARKS.md (from bench/BENCHMARKS.md.in)
// and the plots in docs/bench/ (gnuplot). No dependencies beyond Node and gnuplot.
//   node bench/report.mjs [results-folder]   (default bench/results/latest)
import { readFileSync, writeFileSync, readdirSync, mkdirSync, existsSync } from 'node:fs';
import { join, dirname, resolve, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = resolve(process.argv[2] ?? join(root, 'bench', 'results', 'latest'));
const docsDir = join(root, 'docs');
const plotDir = join(docsDir, 'bench');
mkdirSync(plotDir, { recursive: true });

function loadResults(dir) {
  const out = {};
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir)) {
    const m = file.match(/^(.+)\.(parley|reference)\.json$/);
    if (!m) continue;
    out[m[1]] ??= {};
    out[m[1]][m[2]] = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  }
  return out;
}
let results = loadResults(resultsDir);
// Optional: Parley's fan-out before this session's hot-spot fixes (same machine, same day), shown beside.
const beforeDir = join(root, 'bench', 'results', 'before-hotspots');  // fan-out before the hot-spot fixes
const suite = existsSync(join(resultsDir, 'suite.json')) ? JSON.parse(readFileSync(join(resultsDir, 'suite.json'), 'utf8')) : {};

// ---- formatting helpers ----
const num = (v, digits = 0) => (v === undefined || v === null || Number.isNaN(v) ? '–'
  : Number(v).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const ms = (v) => (v === undefined ? '–' : v < 10 ? num(v, 2) : num(v, 1));
const pct = (v) => (v === undefined ? '–' : `${num(v, 0)} %`);
const get = (scenario, server) => results[scenario]?.[server];
const failed = (r) => !r || r.error;
const why = (r) => (!r ? 'not run' : r.error ? `failed: ${r.error}` : '');
const table = (header, rows) => [
  `| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`),
].join('\n');
const loadNote = (r) => (r && r.load_before ? `load ${r.load_before} → ${r.load_after}` : '');

// ---- sections ----
function connectSection() {
  const rows = [];
  for (const [scenario, label] of [['connect_20k', '20,000'], ['connect_50k', '50,000']]) {
    for (const server of ['parley', 'reference']) {
      const r = get(scenario, server);
      if (!r) continue;
      if (failed(r)) { rows.push([label, server, why(r), '', '', '', '', '', '']); continue; }
      rows.push([num(r.clients), server, `${num(r.held)} / ${num(r.clients)}`, num(r.connects_per_s), ms(r.connect_latency?.p99_ms),
        num(r.server_rss_per_client_kib, 2), num((r.server_rss_after_kib ?? 0) / 1024, 0),
        `${num(r.generator_rss_kib / 1024, 0)} MiB`, loadNote(r)]);
    }
  }
  return table(['clients', 'server', 'held after hold', 'connects/s', 'connect p99 ms', 'server KiB per client',
    'server RSS MiB', 'generator RSS', 'load avg'], rows);
}

function fanoutSection(scenario) {
  const rows = [];
  for (const server of ['parley', 'reference']) {
    const r = get(scenario, server);
    if (!r) continue;
    if (failed(r)) { rows.push([server, why(r), '', '', '', '', '', '', '', '', '']); continue; }
    for (const s of r.steps ?? []) {
      rows.push([server, num(s.rate_per_member, 1), num(s.offered_deliveries_per_s), num(s.deliveries_per_s),
        pct(100 * s.delivery_ratio), ms(s.latency.p50_ms), ms(s.latency.p99_ms), ms(s.latency.max_ms),
        pct(s.server_cpu_pct), s.deliveries_per_s > 0 ? num((s.server_cpu_pct / 100 / s.deliveries_per_s) * 1e6, 1) : '–',
        pct(s.generator_cpu_pct)]);
    }
  }
  const notes = ['parley', 'reference'].map((server) => {
    const r = get(scenario, server);
    if (failed(r)) return null;
    const setup = r.setup ?? {};
    return `${server}: ${num(setup.joined)} of ${num(r.clients)} clients joined (${r.rooms} rooms × ${r.members_per_room}); ` +
      `sustained ${num(r.summary?.sustained_deliveries_per_s)} deliveries/s (≥ 95 % delivered, p99 < 20 ms), ` +
      `peak ${num(r.summary?.peak_deliveries_per_s)}; ${loadNote(r)}` +
      (r.truncated ? `; stopped early: ${r.truncated}` : '') +
      (setup.reasons ? `; setup problems: ${JSON.stringify(setup.reasons)}` : '');
  }).filter(Boolean);
  return `${table(['server', 'events/s per member', 'offered deliveries/s', 'delivered/s', 'delivered', 'p50 ms', 'p99 ms',
    'max ms', 'server CPU', 'server CPU µs per delivery', 'generator CPU'], rows)}\n\n${notes.map((n) => `- ${n}`).join('\n')}`;
}

function joinSection() {
  const rows = [];
  for (const [scenario, events] of [['join_legacy', 'legacy join-call'], ['join_native', 'native meeting:join']]) {
    for (const server of ['parley', 'reference']) {
      const r = get(scenario, server);
      if (!r) continue;
      if (failed(r)) { rows.push([events, server, why(r), '', '', '', '', '', '']); continue; }
      rows.push([events, server, `${num(r.joined)} / ${num(r.clients)}`, num(r.offered_joins_per_s), num(r.joins_per_s),
        ms(r.join_latency.p50_ms), ms(r.join_latency.p99_ms), ms(r.join_latency.max_ms), pct(r.server_cpu_pct)]);
    }
  }
  return table(['events', 'server', 'joined', 'offered joins/s', 'joins/s', 'p50 ms', 'p99 ms', 'max ms', 'server CPU'], rows);
}

const restLabels = {
  login: 'POST /api/v1/auth/login (bcrypt 10)', me: 'GET /api/v1/me', history: 'GET /api/v1/meetings/history',
  create_meeting: 'POST /api/v1/meetings', legacy_login: 'POST /api/v1/users/login (bcrypt 10)',
  legacy_activity: 'GET /api/v1/users/get_all_activity',
};
function restSection() {
  const rows = [];
  for (const kind of Object.keys(restLabels)) {
    for (const server of ['parley', 'reference']) {
      const r = get('rest', server);
      if (!r) continue;
      if (failed(r)) { if (kind === 'login') rows.push([restLabels[kind], server, why(r), '', '', '', '', '']); continue; }
      const k = r.results?.[kind];
      if (!k) continue;
      const bad = Object.entries(k.statuses).filter(([s]) => !(Number(s) >= 200 && Number(s) < 300)).map(([s, c]) => `${s}: ${c}`).join(', ');
      rows.push([restLabels[kind], server, num(k.ok_per_s), ms(k.latency.p50_ms), ms(k.latency.p99_ms), bad || 'none',
        pct(k.server_cpu_pct), pct(k.generator_cpu_pct)]);
    }
  }
  return table(['request', 'server', '2xx/s', 'p50 ms', 'p99 ms', 'non-2xx', 'server CPU', 'generator CPU'], rows);
}

function mixedSection() {
  const rows = [];
  for (const server of ['parley', 'reference']) {
    const r = get('mixed', server);
    if (!r) continue;
    if (failed(r)) { rows.push([server, why(r), '', '', '', '', '', '']); continue; }
    rows.push([server, num(r.quiet.deliveries_per_s), ms(r.quiet.latency.p99_ms), num(r.storm.deliveries_per_s),
      ms(r.storm.latency.p99_ms), `${num(r.p99_ratio, 2)}×`, num(r.storm.logins_per_s, 1), ms(r.storm.login_latency.p99_ms)]);
  }
  return table(['server', 'quiet deliveries/s', 'quiet p99 ms', 'storm deliveries/s', 'storm p99 ms', 'p99 ratio',
    'logins/s', 'login p99 ms'], rows);
}

function targetsSection() {
  const rows = [];
  const ph = get('fanout_hooks', 'parley'); const rh = get('fanout_hooks', 'reference');
  if (!failed(ph) && !failed(rh)) {
    const p = ph.summary.sustained_deliveries_per_s; const r = rh.summary.sustained_deliveries_per_s;
    const pPeak = ph.summary.peak_deliveries_per_s; const rPeak = rh.summary.peak_deliveries_per_s;
    rows.push(['Fan-out ≥ 10× the reference, p99 < 20 ms below saturation (hooks, 100 × 10)',
      `${num(p)}/s sustained (p99 ${ms(ph.summary.sustained_p99_ms)} ms); peak ${num(pPeak)}/s`,
      `${num(r)}/s sustained; peak ${num(rPeak)}/s`, r > 0 ? `${num(p / r, 1)}× sustained, ${num(pPeak / rPeak, 1)}× peak` : '–',
      r > 0 && p / r >= 10 ? 'met' : 'not met (see "Reading the numbers")']);
  }
  const nd = loadResults(beforeDir).fanout_hooks?.parley;
  if (!failed(nd) && !failed(rh)) {
    const p = nd.summary.sustained_deliveries_per_s; const r = rh.summary.sustained_deliveries_per_s;
    rows.push(['… the same, Parley before the hot-spot fixes (2c)', `${num(p)}/s sustained (p99 ${ms(nd.summary.sustained_p99_ms)} ms); peak ${num(nd.summary.peak_deliveries_per_s)}/s`,
      `${num(r)}/s sustained`, r > 0 ? `${num(p / r, 1)}× sustained` : '–', r > 0 && p / r >= 10 ? 'met' : 'not met']);
  }
  const p1 = get('fanout_hooks_io1', 'parley');
  if (!failed(p1) && !failed(rh)) {
    const p = p1.summary.sustained_deliveries_per_s; const r = rh.summary.sustained_deliveries_per_s;
    rows.push(['… the same, Parley with --io-threads 1', `${num(p)}/s sustained (p99 ${ms(p1.summary.sustained_p99_ms)} ms); peak ${num(p1.summary.peak_deliveries_per_s)}/s`,
      `${num(r)}/s sustained`, r > 0 ? `${num(p / r, 1)}× sustained, ${num(p1.summary.peak_deliveries_per_s / rh.summary.peak_deliveries_per_s, 1)}× peak` : '–',
      r > 0 && p / r >= 10 ? 'met' : 'not met']);
  }
  const pl = get('fanout_legacy', 'parley'); const rl = get('fanout_legacy', 'reference');
  if (!failed(pl) && !failed(rl)) {
    const p = pl.summary.peak_deliveries_per_s; const r = rl.summary.peak_deliveries_per_s;
    rows.push(['Fan-out, legacy chat-message (20 × 50)', `${num(pl.summary.sustained_deliveries_per_s)}/s sustained, peak ${num(p)}/s`,
      `${num(rl.summary.sustained_deliveries_per_s)}/s sustained, peak ${num(r)}/s`, r > 0 ? `${num(p / r, 1)}× peak` : '–',
      pl.summary.peak_deliveries_per_s >= rl.summary.peak_deliveries_per_s ? 'Parley ahead' : 'reference ahead']);
  }
  const c20 = get('connect_20k', 'parley');
  if (!failed(c20)) {
    const per = c20.server_rss_per_client_kib;
    rows.push([`≤ 8 KiB server RSS per idle client at ${num(c20.clients)} clients`, `${num(per, 2)} KiB`,
      failed(get('connect_20k', 'reference')) ? '–' : `${num(get('connect_20k', 'reference').server_rss_per_client_kib, 2)} KiB`,
      '', per <= 8 && c20.held === c20.clients ? 'met' : 'not met']);
  }
  const c50 = get('connect_50k', 'parley');
  if (c50 && c50.error) rows.push(['50,000 concurrent clients held', `not run: ${c50.error}`, '–', '', 'not measurable here']);
  if (!failed(c50)) {
    rows.push([`${num(c50.clients)} concurrent clients held`, `${num(c50.held)} held after ${num(c50.held_after_s)} s`, '–', '',
      c50.held === c50.clients ? 'met' : 'not met']);
  }
  for (const [scenario, label] of [['join_legacy', 'legacy'], ['join_native', 'native']]) {
    const j = get(scenario, 'parley');
    if (failed(j)) continue;
    const ref = get(scenario, 'reference');
    rows.push([`Join p99 < 5 ms at 1,000 joins/s (${label})`, `${ms(j.join_latency.p99_ms)} ms at ${num(j.joins_per_s)}/s`,
      failed(ref) ? '–' : `${ms(ref.join_latency.p99_ms)} ms at ${num(ref.joins_per_s)}/s`, '',
      j.joined === 0 ? 'no data' : j.join_latency.p99_ms < 5 && j.joins_per_s >= 900 ? 'met' : 'not met']);
  }
  const m = get('mixed', 'parley');
  if (!failed(m)) {
    const ref = get('mixed', 'reference');
    rows.push(['Fan-out p99 rises < 2× during 50 concurrent logins', `${num(m.p99_ratio, 2)}× (${ms(m.quiet.latency.p99_ms)} → ${ms(m.storm.latency.p99_ms)} ms)`,
      failed(ref) ? '–' : `${num(ref.p99_ratio, 2)}× (${ms(ref.quiet.latency.p99_ms)} → ${ms(ref.storm.latency.p99_ms)} ms)`, '',
      m.quiet.latency.count > 0 && m.storm.latency.count > 0 ? (m.p99_ratio < 2 ? 'met' : 'not met') : 'no data']);
  }
  return table(['target', 'Parley', 'reference', 'ratio', 'verdict'], rows);
}

// ---- plots ----
function writeData(name, rows) {
  const file = join(resultsDir, `${name}.dat`);
  writeFileSync(file, rows.length ? rows.map((r) => r.join(' ')).join('\n') + '\n' : '0 0\n');
  return file;
}

function plots() {
  const made = [];
  const series = [];
  const titles = { fanout_hooks: 'hooks 100×10', fanout_hooks_io1: 'hooks 100×10, 1 I/O thread', fanout_legacy: 'legacy chat 20×50' };
  for (const scenario of ['fanout_hooks', 'fanout_hooks_io1', 'fanout_legacy']) {
    for (const server of ['parley', 'reference']) {
      const r = get(scenario, server);
      if (failed(r)) continue;
      const rows = (r.steps ?? []).map((s) => [s.offered_deliveries_per_s, s.deliveries_per_s, Math.max(s.latency.p99_ms, 0.01)]);
      series.push({ file: writeData(`${scenario}.${server}`, rows), title: `${server}, ${titles[scenario]}` });
    }
  }
  const gp = [];
  const style = 'set terminal pngcairo size 900,540 font "DejaVu Sans,11"; set grid; set key left top;';
  if (series.length) {
    const maxX = Math.max(...series.flatMap((s) => readFileSync(s.file, 'utf8').trim().split('\n').map((l) => Number(l.split(' ')[0]))));
    gp.push(`${style} set output "${join(plotDir, 'fanout-deliveries.png')}";`,
      'set title "Fan-out: delivered vs offered deliveries per second"; set xlabel "offered deliveries/s (log)"; set ylabel "delivered deliveries/s (log)";',
      'set logscale xy; set format x "%.0s%c"; set format y "%.0s%c";',
      `plot [1000:${maxX * 1.3}] [1000:${maxX * 1.3}] ${series.map((s) => `"${s.file}" using 1:2 with linespoints lw 2 title "${s.title}"`).join(', ')}, x with lines dt 2 lc "gray" title "offered (all delivered)";`,
      'unset logscale xy;');
    gp.push(`${style} set output "${join(plotDir, 'fanout-p99.png')}";`,
      'set title "Fan-out: p99 delivery latency vs offered load"; set xlabel "offered deliveries/s (log)"; set ylabel "p99 latency (ms, log)";',
      'set logscale xy; set format x "%.0s%c"; set format y "%g";',
      `plot [1000:${maxX * 1.3}] ${series.map((s) => `"${s.file}" using 1:3 with linespoints lw 2 title "${s.title}"`).join(', ')}, 20 with lines dt 2 lc "red" title "20 ms";`,
      'unset logscale xy;');
    made.push('fanout-deliveries.png', 'fanout-p99.png');
  }
  const rss = [];
  for (const [scenario, server] of [['connect_20k', 'parley'], ['connect_20k', 'reference'], ['connect_50k', 'parley']]) {
    const r = get(scenario, server);
    if (failed(r) || !(r.series ?? []).length) continue;
    rss.push({ file: writeData(`${scenario}.${server}.rss`, r.series.map((p) => [p.clients, p.rss_kib / 1024])),
      title: `${server} (${scenario.replace('connect_', 'ramp to ')})` });
  }
  if (rss.length) {
    gp.push(`${style} set output "${join(plotDir, 'rss-vs-clients.png')}";`,
      'set title "Server resident memory while connecting idle clients"; set xlabel "connected clients"; set ylabel "server RSS (MiB)";',
      'set format x "%.0s%c"; set format y "%g";',
      `plot [0:] [0:] ${rss.map((s) => `"${s.file}" using 1:2 with lines lw 2 title "${s.title}"`).join(', ')};`);
    made.push('rss-vs-clients.png');
  }
  if (gp.length) execFileSync('gnuplot', ['-e', gp.join('\n')]);
  return made;
}

function beforeSection() {
  const extra = loadResults(beforeDir);
  if (!Object.keys(extra).length) return '_No earlier run in bench/results/before-hotspots._';
  const saved = results;
  results = extra;
  const out = `Hooks, 100 × 10:\n\n${fanoutSection('fanout_hooks')}\n\nLegacy chat, 20 × 50:\n\n${fanoutSection('fanout_legacy')}`;
  results = saved;
  return out;
}

// ---- the document ----
const made = plots();
const machine = [
  `- Date: ${suite.started ?? '?'} to ${suite.finished ?? '?'} (suite wall time ${num(suite.wall_s)} s)${suite.quick ? ' — QUICK smoke run, small sizes' : ''}`,
  `- Machine: ${suite.cpus ?? '?'} × ${suite.cpu_model ?? '?'}, ${suite.memory_gib ?? '?'} GiB, Linux ${suite.kernel ?? '?'}, Node ${suite.node ?? '?'}`,
  `- Load average (1, 5, 15 min) before the suite: ${suite.load_before ?? '?'}; after: ${suite.load_after ?? '?'} (each scenario's own is in its table)`,
  `- Generator threads: ${suite.generator_threads ?? 1}; server and generator share the same ${suite.cpus ?? 2} cores` +
    (suite.nice ? ` and ran at nice ${suite.nice} (BENCH_NICE) above the other work on the machine` +
      (suite.autogroup_nice != null ? `, their session's scheduler autogroup too (without it, nice does not rank them above other sessions)` : ' (process nice only: with autogroup scheduling this does not rank them above other sessions)') : '') +
    (suite.parley_nodelay_shim ? '; Parley ran with the TCP_NODELAY shim (BENCH_PARLEY_NODELAY=1)' : ''),
].join('\n');
const plotsMd = made.map((p) => `![${p}](bench/${p})`).join('\n\n');
const template = readFileSync(join(root, 'bench', 'BENCHMARKS.md.in'), 'utf8');
const doc = template
  .replace('{{MACHINE}}', machine)
  .replace('{{TARGETS}}', targetsSection())
  .replace('{{CONNECT}}', connectSection())
  .replace('{{FANOUT_HOOKS}}', fanoutSection('fanout_hooks'))
  .replace('{{FANOUT_LEGACY}}', fanoutSection('fanout_legacy'))
  .replace('{{FANOUT_HOOKS_IO1}}', fanoutSection('fanout_hooks_io1'))
  .replace('{{NODELAY}}', beforeSection())
  .replace('{{JOIN}}', joinSection())
  .replace('{{REST}}', restSection())
  .replace('{{MIXED}}', mixedSection())
  .replace('{{PLOTS}}', plotsMd)
  .replace('{{NODE}}', suite.node ?? '?')
  .replace('{{ANALYSIS}}', existsSync(join(root, 'bench', 'analysis.md')) ? readFileSync(join(root, 'bench', 'analysis.md'), 'utf8').trim() : '')
  .replace('{{RESULTS_DIR}}', relative(root, resultsDir));
writeFileSync(join(docsDir, 'BENCHMARKS.md'), doc);
console.log(`report: docs/BENCHMARKS.md, ${made.length} plots`);
