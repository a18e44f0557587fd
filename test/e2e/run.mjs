// End-to-end suite: the packaged extension in a real VS Code (code-server 4.139 in headless Chromium),
// checked through the UI the way a user meets it. `npm run test:e2e` (after `bash test/e2e/setup.sh`).
//
// It packages the .vsix (scripts/package.mjs, what `npm run package` runs), installs it into a fresh
// code-server, opens a workspace with the seed examples and a two-file Node project, and checks:
// Problems entries and squiggles against `exit-lens check --format json` on the same files, the hover's
// exit order and the code lenses against `exit-lens plan --format json`, a light-bulb quick fix against
// the CLI's fix edits (file read back from disk), an unsaved edit's new diagnostic, the highlighted plan
// document and its links, and a multi-root workspace whose second folder has its own configuration.
// Nothing expected is typed by hand: every expectation comes from the CLI on the same files.
//
// Everything it writes goes to one run folder, test/e2e/.cache/runs/<time>/ (HOME, XDG dirs and TMPDIR
// of code-server, Chromium and this driver point inside it; screenshots in shots/, logs next to them).
// It waits on UI events and conditions, never on fixed sleeps; racy UI gestures (hover, the light bulb)
// are retried a few times. Every process it starts is stopped, also on failure, timeout or a signal.
// The last line is `N passed, N failed`; the exit status is 1 if anything failed.
//
// Options: --vsix FILE (skip packaging), --update-images (copy the README screenshots to docs/images),
//          --keep-runs N (run folders kept, default 3). Env E2E_TIMEOUT_SCALE multiplies every timeout.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const started = Date.now();
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const argv = process.argv.slice(2);
const opt = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const SCALE = Number(process.env.E2E_TIMEOUT_SCALE ?? 1) || 1;
/** Generous: a loaded 2-core machine renders the workbench and starts three Node processes slowly. */
const T = { ui: 90_000 * SCALE, slow: 240_000 * SCALE, total: 40 * 60_000 * SCALE };

// ---------------------------------------------------------------------------------------------------
// Prerequisites (test/e2e/setup.sh installs them).
const N24 = join(here, '.cache', 'node24', 'node_modules', 'node', 'bin', 'node');
const CS_ENTRY = join(here, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM = '/usr/bin/chromium';
for (const [what, p] of [['Node 24', N24], ['code-server', CS_ENTRY], ['playwright-core', join(here, 'node_modules', 'playwright-core')], ['chromium', CHROMIUM]]) {
  if (!existsSync(p)) {
    console.error(`e2e: ${what} is missing (${p}); run: bash test/e2e/setup.sh`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
const { chromium } = createRequire(join(here, 'package.json'))('playwright-core');

// ---------------------------------------------------------------------------------------------------
// The run folder. The real HOME and /tmp are listed now and compared at the end.
const realHome = homedir();
const realTmp = tmpdir();
const outsideBefore = listOutside();
const runsDir = join(here, '.cache', 'runs');
// Short names: Chromium's and VS Code's Unix sockets live under TMPDIR (run/t), and a socket path may
// not exceed 107 bytes (Chromium dies with "Socket path too long").
const run = join(runsDir, new Date().toISOString().replace(/^\d\d(\d\d)-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d).*/, '$1$2$3-$4$5$6'));
if (join(run, 't', 'org.chromium.Chromium.XXXXXX', 'SingletonSocket').length > 107) {
  console.error(`e2e: the checkout path is too long for Chromium's socket under ${run}/t (107 bytes); use a shorter path`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const keep = Number(opt('--keep-runs') ?? 3);
if (existsSync(runsDir)) {
  const old = readdirSync(runsDir).sort();
  for (const d of old.slice(0, Math.max(0, old.length - (keep - 1)))) rmSync(join(runsDir, d), { recursive: true, force: true });
}
const P = {
  home: join(run, 'home'),
  data: join(run, 'data'),
  exts: join(run, 'exts'),
  tmp: join(run, 't'),
  ws: join(run, 'ws'),
  second: join(run, 'second'),
  expect: join(run, 'expect'),
  shots: join(run, 'shots'),
};
for (const d of Object.values(P)) mkdirSync(d, { recursive: true });
mkdirSync(join(P.data, 'User'), { recursive: true });
const sandbox = {
  HOME: P.home,
  XDG_CONFIG_HOME: join(P.home, '.config'),
  XDG_DATA_HOME: join(P.home, '.local', 'share'),
  XDG_CACHE_HOME: join(P.home, '.cache'),
  XDG_RUNTIME_DIR: join(P.tmp, 'x'),
  TMPDIR: P.tmp,
  npm_config_cache: join(P.home, '.npm'),
};
mkdirSync(sandbox.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 });
// This driver too: Playwright makes Chromium's temporary profile in os.tmpdir().
Object.assign(process.env, sandbox);
const env = { ...process.env };
const logLines = [];
const log = (s) => {
  console.log(s);
  logLines.push(s);
};
log(`e2e: run folder ${relative(root, run)}`);

// The workspace: folder 1 = the seed examples + a Node project with exit handlers in two files;
// folder 2 (multi-root only) = a Python worker with its own .exit-lens.json.
cpSync(join(root, 'examples', 'seed'), join(P.ws, 'seed'), { recursive: true });
cpSync(join(here, 'fixtures', 'node-app'), join(P.ws, 'node-app'), { recursive: true });
cpSync(join(here, 'fixtures', 'second'), P.second, { recursive: true });
const workspaceFile = join(run, 'multi.code-workspace');
writeFileSync(workspaceFile, JSON.stringify({ folders: [{ path: 'ws' }, { path: 'second' }], settings: {} }, null, 2));
writeFileSync(join(run, 'config.yaml'), 'auth: none\ncert: false\n');
writeFileSync(
  join(P.data, 'User', 'settings.json'),
  JSON.stringify(
    {
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'workbench.enableExperiments': false,
      'workbench.tips.enabled': false,
      'chat.disableAIFeatures': true,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'git.enabled': false,
      'editor.hover.delay': 200,
      'editor.minimap.enabled': false,
      'editor.fontSize': 14,
      'workbench.colorTheme': 'Default Dark Modern',
      'files.autoSave': 'off',
      // Files are analyzed as typed; the hot-exit backup of an unsaved edit stays in the run folder anyway.
      'files.hotExit': 'off',
    },
    null,
    2,
  ),
);

// ---------------------------------------------------------------------------------------------------
// Expectations come from the CLI on the same files.
const CLI = join(root, 'bin', 'exit-lens.js');
function cli(args) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: run, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0 && r.status !== 1) throw new Error(`exit-lens ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}
/** Findings as a set of `path:line:col rule severity` keys, paths relative to the run folder (check reports a
 *  cross-file finding once per program that reaches it; the editor shows it once). A check of a copy
 *  (`from`) gives the keys of the original folder (`to`). */
function expectedFindings(paths, from = run, to = run) {
  const j = cli(['check', ...paths, '--format', 'json', '--fail-on', 'never']);
  const keys = new Set(j.diagnostics.map((d) => `${relative(run, join(to, relative(from, resolve(run, d.file))))}:${d.line}:${d.column} ${d.rule} ${d.severity}`));
  return { keys, diagnostics: j.diagnostics };
}
const filesUnder = (dir) =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => /\.(py|js)$/.test(f))
    .sort();

// ---------------------------------------------------------------------------------------------------
// Results, screenshots, cleanup.
const results = [];
const consoleLog = [];
let page;
let browser;
let cs;
let shotNo = 0;
let cleaning;
const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
async function shot(name, clip) {
  if (!page) return undefined;
  const file = join(P.shots, `${String(++shotNo).padStart(2, '0')}-${slug(name)}.png`);
  try {
    await page.screenshot({ path: file, ...(clip ? { clip } : {}), timeout: T.ui });
    return file;
  } catch (e) {
    log(`  (screenshot ${basename(file)} failed: ${String(e.message).split('\n')[0]})`);
    return undefined;
  }
}
let stopAfter;
/** One named check; a failure records the message and a screenshot. `critical`: later steps need it. */
async function step(name, fn, { critical = false } = {}) {
  if (stopAfter) {
    results.push({ name, ok: false });
    log(`FAIL  ${name}: not run, an earlier step failed (${stopAfter})`);
    return false;
  }
  const t0 = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true });
    log(`ok    ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)${detail ? `\n      ${detail}` : ''}`);
    return true;
  } catch (e) {
    results.push({ name, ok: false });
    const f = await shot(`FAIL ${name}`);
    log(`FAIL  ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s): ${e?.stack ?? e}${f ? `\n      screenshot: ${relative(root, f)}` : ''}`);
    if (critical) stopAfter = name;
    return false;
  }
}
/** Retries an inherently racy UI gesture (the hover may be dismissed by a re-render, the light bulb
 *  appears only after the code actions arrived). */
async function retry(what, attempts, fn) {
  for (let i = 1; ; i++) {
    try {
      return await fn(i);
    } catch (e) {
      if (i >= attempts) throw e;
      log(`      retry ${what} (${i}/${attempts - 1}): ${String(e.message).split('\n')[0]}`);
    }
  }
}
/** Waits until `fn` returns a truthy value (disk state, CLI output); fails with `what`. */
async function until(what, timeout, fn) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeout / 1000} s waiting for ${what}${last ? ` (${last.message})` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function cleanup() {
  cleaning ??= (async () => {
    if (browser) await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 15_000).unref())]);
    page = undefined;
    if (cs?.pid) await stopGroup(cs.pid);
  })();
  return cleaning;
}
/** code-server runs detached in its own process group: TERM the group, KILL what is left after 10 s
 *  (its file watcher lingers as an orphan otherwise). */
async function stopGroup(pgid) {
  const alive = () => {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  };
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    return;
  }
  const end = Date.now() + 10_000;
  while (alive() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  if (alive()) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      // gone in between
    }
  }
}
function finish(code) {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  log(`e2e: ${((Date.now() - started) / 1000).toFixed(0)} s wall, run folder ${relative(root, run)}`);
  writeFileSync(join(run, 'e2e.log'), logLines.join('\n') + '\n');
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed > 0 ? 1 : 0));
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    log(`e2e: ${sig}, stopping`);
    results.push({ name: `interrupted by ${sig}`, ok: false });
    void cleanup().finally(() => finish(1));
  });
}
const watchdog = setTimeout(() => {
  log(`e2e: the whole run exceeded ${T.total / 60000} min, stopping`);
  results.push({ name: 'finishes within the time limit', ok: false });
  void cleanup().finally(() => finish(1));
}, T.total);
watchdog.unref();

// ---------------------------------------------------------------------------------------------------
// UI helpers. Monaco renders only visible lines; a line's number comes from the margin row at the same top.
/** Texts and line numbers of the active editor's squiggles, code lenses and visible lines. */
async function editorState() {
  return page.evaluate(() => {
    const ed = document.querySelector('.editor-group-container.active .editor-instance .monaco-editor');
    if (!ed) return null;
    const lineAt = new Map();
    for (const n of ed.querySelectorAll('.margin-view-overlays .line-numbers')) {
      lineAt.set(Math.round(n.getBoundingClientRect().top), Number(n.textContent));
    }
    const lineOf = (el) => {
      const top = Math.round(el.getBoundingClientRect().top);
      for (const d of [0, -1, 1, -2, 2]) if (lineAt.has(top + d)) return lineAt.get(top + d);
      return undefined;
    };
    const squiggles = [...ed.querySelectorAll('.view-overlays .cdr[class*="squiggly-"]')].map((s) => ({
      line: lineOf(s.parentElement),
      severity: /squiggly-(error|warning|info|hint)/.exec(s.className)?.[1],
    }));
    // A lens sits in a view zone right above its line.
    const lines = [...ed.querySelectorAll('.view-lines .view-line')].map((l) => ({ line: lineOf(l), text: l.textContent.replace(/\u00a0/g, ' '), top: l.getBoundingClientRect().top }));
    const lenses = [...ed.querySelectorAll('.codelens-decoration')].map((c) => {
      const b = c.getBoundingClientRect();
      const below = lines.filter((l) => l.top >= b.bottom - 2).sort((a, b2) => a.top - b2.top)[0];
      return { text: c.textContent.replace(/\u00a0/g, ' '), line: below?.line };
    });
    return { squiggles, lenses, lines: lines.map(({ line, text }) => ({ line, text })) };
  });
}
/** The extension's code-cache folder in the user data folder, or undefined before it exists. */
function codeCacheDir() {
  const rel = readdirSync(P.data, { recursive: true }).map(String).find((f) => f.endsWith('exit-lens.exit-lens/code-cache'));
  return rel ? join(P.data, rel) : undefined;
}
/** Opens a file through Quick Open and waits for its editor to show `path`'s first line. */
async function openFile(relPath) {
  const name = basename(relPath);
  await retry(`quick open ${relPath}`, 3, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: T.ui });
    await input.fill(relPath);
    // Results arrive from the file search; Enter must not take a stale first row.
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor({ timeout: T.ui });
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: T.ui });
  });
  await page.locator('.editor-group-container.active .view-line').first().waitFor({ timeout: T.ui });
}
/** Runs a command from the command palette by its title. */
async function command(title) {
  await retry(`command ${title}`, 3, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: T.ui });
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title.split(': ').pop() }).first().waitFor({ timeout: T.ui });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: T.ui });
  });
}
/** Problems panel rows of exit-lens, as `path:line:col rule severity` keys with paths relative to the
 *  run folder (a file row's icon label carries the absolute path; related-information rows are skipped). */
async function problems() {
  const rows = await page.evaluate(() => {
    const out = [];
    let file;
    for (const row of document.querySelectorAll('.markers-panel .monaco-list-row')) {
      const level = row.getAttribute('aria-level');
      if (level === '1') file = row.querySelector('.monaco-icon-label')?.getAttribute('aria-label');
      if (level !== '2') continue;
      const source = row.querySelector('.marker-source')?.textContent;
      const code = row.querySelector('.marker-code')?.textContent;
      const pos = /\[Ln (\d+), Col (\d+)\]/.exec(row.querySelector('.marker-line')?.textContent ?? '');
      const severity = /\b(error|warning|info)\b/.exec(row.querySelector('.marker-icon')?.className ?? '')?.[1] ?? '?';
      if (source === 'exit-lens') out.push({ file, line: pos?.[1], col: pos?.[2], code, severity });
    }
    return out;
  });
  return rows.map((r) => `${relative(run, r.file ?? '?')}:${r.line}:${r.col} ${r.code} ${r.severity}`);
}
/** Shows the Problems panel maximized (Monaco renders only the rows in view) or restores it. */
async function problemsPanel(maximized) {
  if (!(await page.locator('.markers-panel').isVisible())) {
    await command('View: Focus Problems');
    await page.locator('.markers-panel').waitFor({ state: 'visible', timeout: T.ui });
  }
  const toggle = page.locator(`.part.panel .action-label[aria-label="${maximized ? 'Maximize Panel' : 'Restore Panel'}"]`);
  if (await toggle.isVisible()) {
    await toggle.click();
    await page.locator(`.part.panel .action-label[aria-label="${maximized ? 'Restore Panel' : 'Maximize Panel'}"]`).waitFor({ timeout: T.ui });
  }
}
async function hidePanel() {
  const hide = page.locator('.part.panel .action-label[aria-label^="Hide Panel"]');
  if (await hide.isVisible()) {
    await problemsPanel(false);
    await hide.click();
    await page.locator('.part.panel').waitFor({ state: 'hidden', timeout: T.ui });
  }
}
/** Waits until the Problems panel's exit-lens rows equal `want` (a set of keys); returns them. */
async function problemsEqual(want, timeout = T.slow) {
  let got = [];
  await problemsPanel(true);
  try {
    await until('the Problems panel', timeout, async () => {
      got = await problems();
      const g = new Set(got);
      return g.size === want.size && [...want].every((k) => g.has(k)) && got.length === g.size;
    });
  } catch {
    const g = new Set(got);
    writeFileSync(join(run, `problems-${Date.now()}.html`), await page.locator('.markers-panel').innerHTML().catch(() => ''));
    throw new Error(`Problems panel differs from exit-lens check:\n        missing: ${[...want].filter((k) => !g.has(k)).join('; ') || '-'}\n        extra:   ${got.filter((k) => !want.has(k)).join('; ') || '-'}`);
  }
  return got;
}
/** Screen box of the first occurrence of `needle` in a visible line containing `lineText`. */
async function textBox(lineText, needle) {
  return page.evaluate(
    ([lineText, needle]) => {
      for (const line of document.querySelectorAll('.editor-group-container.active .view-line')) {
        if (!line.textContent.replace(/\u00a0/g, ' ').includes(lineText)) continue;
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const i = n.textContent.indexOf(needle);
          if (i < 0) continue;
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + needle.length);
          const b = r.getBoundingClientRect();
          return { x: b.x, y: b.y, width: b.width, height: b.height };
        }
      }
      return null;
    },
    [lineText, needle],
  );
}
/** Puts the cursor at the end of the visible line containing `lineText`. */
async function clickLine(lineText, key = 'End') {
  const line = page.locator('.editor-group-container.active .view-line', { hasText: lineText }).first();
  await line.waitFor({ timeout: T.ui });
  await line.click();
  await page.keyboard.press(key);
}
/** `names` occur in `text` in this order. */
function inOrder(text, names) {
  let from = 0;
  for (const n of names) {
    const i = text.indexOf(n, from);
    if (i < 0) return false;
    from = i + n.length;
  }
  return true;
}
/** Applies a CLI fix's edits (1-based line/column ranges) to `text`. */
function applyEdits(text, edits) {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  const off = (p) => starts[p.line - 1] + p.column - 1;
  let out = text;
  for (const e of [...edits].sort((a, b) => off(b.range.start) - off(a.range.start))) {
    out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  }
  return out;
}
/** The editor area, down to the bottom of `widget` (the hover, the quick-fix menu), for the README. */
async function editorClip(widget, full = false) {
  const ed = await page.locator('.part.editor').boundingBox();
  const w = widget ? await page.locator(widget).first().boundingBox().catch(() => null) : null;
  const bottom = full ? ed.y + ed.height : Math.max(ed.y + 420, w ? w.y + w.height + 12 : 0);
  return { x: ed.x, y: ed.y, width: ed.width, height: Math.min(ed.y + ed.height, bottom) - ed.y };
}

// ---------------------------------------------------------------------------------------------------
try {
  let vsix = opt('--vsix') && resolve(opt('--vsix'));
  await step(
    'package the extension (.vsix)',
    async () => {
      if (vsix) return `given: ${vsix}`;
      vsix = join(run, 'exit-lens.vsix');
      // What `npm run package` runs, with its output and staging folder inside the run folder.
      const r = spawnSync(process.execPath, [join(root, 'scripts', 'package.mjs'), '--out', vsix, '--stage', join(run, 'vsix-stage')], { cwd: root, env, encoding: 'utf8' });
      writeFileSync(join(run, 'package.log'), r.stdout + r.stderr);
      if (r.status !== 0 || !existsSync(vsix)) throw new Error(`scripts/package.mjs failed (${r.status}):\n${(r.stdout + r.stderr).slice(-2000)}`);
      return `${(statSync(vsix).size / 1024).toFixed(0)} KB`;
    },
    { critical: true },
  );

  const csArgs = (extra) => [CS_ENTRY, '--config', join(run, 'config.yaml'), '--user-data-dir', P.data, '--extensions-dir', P.exts, ...extra];
  await step(
    'install the .vsix into a fresh code-server',
    async () => {
      const r = spawnSync(N24, csArgs(['--install-extension', vsix]), { cwd: run, env, encoding: 'utf8', timeout: T.slow });
      writeFileSync(join(run, 'install.log'), `${r.stdout}${r.stderr}`);
      const dirs = existsSync(P.exts) ? readdirSync(P.exts).filter((d) => d.startsWith('exit-lens.exit-lens-')) : [];
      if (r.status !== 0 || dirs.length !== 1) throw new Error(`--install-extension failed (${r.status ?? r.signal}): ${r.stdout}${r.stderr}`);
      return dirs[0];
    },
    { critical: true },
  );

  let port;
  await step(
    'code-server starts',
    async () => {
      port = await new Promise((res, rej) => {
        const s = createServer().listen(0, '127.0.0.1', () => {
          const p = s.address().port;
          s.close(() => res(p));
        });
        s.on('error', rej);
      });
      const flags = ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened'];
      cs = spawn(N24, csArgs(flags), { cwd: run, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const out = [];
      const logFile = join(run, 'code-server.log');
      const save = () => writeFileSync(logFile, out.join(''));
      await new Promise((res, rej) => {
        const t = setTimeout(() => rej(new Error(`no "HTTP server listening" within ${T.ui / 1000} s:\n${out.join('').slice(-2000)}`)), T.ui);
        t.unref();
        const onData = (d) => {
          out.push(String(d));
          if (out.length % 20 === 0) save();
          if (String(d).includes('HTTP server listening')) {
            clearTimeout(t);
            res();
          }
        };
        cs.stdout.on('data', onData);
        cs.stderr.on('data', onData);
        cs.on('exit', (code, sig) => {
          out.push(`\n[code-server exited: ${code ?? sig}]\n`);
          save();
          clearTimeout(t);
          rej(new Error(`code-server exited (${code ?? sig}):\n${out.join('').slice(-2000)}`));
        });
      });
      save();
      return `pid ${cs.pid}, port ${port}`;
    },
    { critical: true },
  );

  await step(
    'the workbench opens the folder and the extension activates',
    async () => {
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        env,
        timeout: T.ui,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
      });
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      context.setDefaultTimeout(T.ui);
      page = await context.newPage();
      page.on('console', (m) => m.type() === 'error' && consoleLog.push(`console: ${m.text()}`));
      page.on('requestfailed', (r) => consoleLog.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
      page.on('pageerror', (e) => consoleLog.push(`page error: ${e.message}`));
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(P.ws)}`, { timeout: T.slow, waitUntil: 'domcontentloaded' });
      await page.locator('.monaco-workbench').waitFor({ timeout: T.slow });
      await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: T.slow });
      await openFile('node-app/index.js');
      // The extension's status item and the first code lens: the client started and the server answered.
      await page.locator('.statusbar-item', { hasText: 'Exit Lens' }).first().waitFor({ timeout: T.slow });
      await page.locator('.editor-group-container.active .codelens-decoration', { hasText: /exit #\d+ of \d+/ }).first().waitFor({ timeout: T.slow });
      await shot('workbench');
      return `status bar: ${(await page.locator('.statusbar-item', { hasText: 'Exit Lens' }).first().innerText()).trim()}`;
    },
    { critical: true },
  );

  // The Problems panel and the squiggles of every file equal `exit-lens check` on the same files.
  const wsFiles = filesUnder(P.ws);
  await step('Problems entries and squiggles equal exit-lens check on every file of the folder', async () => {
    const want = expectedFindings(wsFiles.map((f) => join(P.ws, f)));
    const rules = new Set([...want.keys].map((k) => k.split(' ')[1]));
    if (want.keys.size < 4 || rules.size < 4) throw new Error(`the workspace should give several rules; exit-lens check gave ${[...want.keys].join('; ')}`);
    for (const f of wsFiles) await openFile(f);
    const got = await problemsEqual(want.keys);
    await shot('problems');
    await problemsPanel(false);
    // Squiggles: per file with findings, one per finding line with the finding's severity.
    const byFile = new Map();
    for (const k of want.keys) {
      const [loc, , severity] = k.split(' ');
      const [file, line] = loc.split(':');
      if (!file.startsWith('ws/')) throw new Error(`finding outside the folder: ${k}`);
      byFile.set(file, [...(byFile.get(file) ?? []), `${line} ${severity}`]);
    }
    for (const [file, expected] of byFile) {
      await openFile(file.slice('ws/'.length));
      let seen = [];
      await until(`squiggles in ${file} on lines ${expected.join(', ')}`, T.ui, async () => {
        const st = await editorState();
        seen = [...new Set(st.squiggles.filter((s) => s.severity !== 'hint').map((s) => `${s.line} ${s.severity}`))];
        return expected.every((e) => seen.includes(e)) && seen.every((s) => expected.includes(s));
      }).catch((e) => {
        throw new Error(`${e.message}; seen: ${seen.join(', ') || 'none'}`);
      });
    }
    await page.mouse.move(1200, 470); // blank editor area: no toolbar tooltip in the picture
    await shot('squiggles and problems');
    // Fewer tabs for the next steps' screenshots; closing a file clears its entries (the edit step reads what is left).
    await command('View: Close All Editors');
    return `${got.length} entries, rules: ${[...rules].sort().join(', ')}`;
  });

  // Hover on a registration: the exit order of each scenario, as `exit-lens plan` gives it.
  const indexPath = join(P.ws, 'node-app', 'index.js');
  const planOf = (file) => cli(['plan', file, '--format', 'json']);
  await step('the hover on a registration shows the exit order', async () => {
    const plan = planOf(indexPath);
    const order = plan.scenarios.normal.handlers.map((h) => h.name);
    if (order.length < 3 || !plan.scenarios.normal.handlers.some((h) => h.file)) throw new Error(`the Node project should give a cross-file order of 3+ handlers, got ${order.join(', ')}`);
    await openFile('node-app/index.js');
    const regLine = readFileSync(indexPath, 'utf8').split('\n').find((l) => l.includes("process.on('exit', flushMetrics)"));
    let text = '';
    await retry('hover', 4, async () => {
      await page.mouse.move(5, 300);
      await page.keyboard.press('Escape');
      await page.locator('.monaco-hover:not(.hidden)').first().waitFor({ state: 'hidden', timeout: T.ui }).catch(() => {});
      const box = await textBox(regLine, 'flushMetrics');
      if (!box) throw new Error(`the line ${regLine} is not visible`);
      await page.mouse.move(box.x + 2, box.y + box.height / 2);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
      const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'flushMetrics' }).filter({ hasText: 'cleanup.js' }).first();
      await hover.waitFor({ timeout: 20_000 * SCALE });
      text = (await hover.innerText()).replace(/\u00a0/g, ' ');
    });
    if (!inOrder(text, order)) throw new Error(`the hover does not list ${order.join(' → ')}:\n${text}`);
    await shot('hover');
    await shot('readme hover', await editorClip('.monaco-hover:not(.hidden)'));
    return `order ${order.join(' → ')}`;
  });

  await step('a code lens above each registration gives its place in the exit order', async () => {
    const plan = planOf(indexPath);
    const normal = plan.scenarios.normal.handlers;
    // Registrations of this file (entries from other modules carry `file`).
    const want = normal.map((h, i) => ({ line: h.line, title: `exit #${i + 1} of ${normal.length}`, file: h.file })).filter((w) => !w.file);
    await page.mouse.move(5, 300);
    await page.keyboard.press('Escape');
    let lenses = [];
    await until(`code lenses ${want.map((w) => `"${w.title}" above line ${w.line}`).join(', ')}`, T.ui, async () => {
      lenses = (await editorState()).lenses;
      return want.every((w) => lenses.some((l) => l.line === w.line && l.text.startsWith(w.title)));
    }).catch((e) => {
      throw new Error(`${e.message}; seen: ${lenses.map((l) => `${l.line}: ${l.text}`).join(' | ')}`);
    });
    return lenses.map((l) => `line ${l.line}: ${l.text}`).join(' | ');
  });

  await step('"Exit Lens: Show Exit Plan" opens the highlighted plan', async () => {
    const plan = planOf(indexPath);
    await hidePanel();
    await openFile('node-app/index.js');
    await command('Exit Lens: Show Exit Plan');
    await page.locator('.tab.active', { hasText: '.exitplan' }).waitFor({ timeout: T.ui });
    await page.locator('.editor-group-container.active .view-line', { hasText: 'normal: the program runs to its end' }).first().waitFor({ timeout: T.ui });
    const docText = (await editorState()).lines.map((l) => l.text).join('\n');
    const titles = { normal: 'normal:', exit: 'exit:', error: 'error:', sigint: 'sigint:', sigterm: 'sigterm:', 'hard-exit': 'hard-exit:' };
    for (const [s, heading] of Object.entries(titles)) {
      const names = plan.scenarios[s].handlers.map((h, i) => `${i + 1}. ${h.name}`);
      const part = docText.slice(docText.indexOf(`\n${heading}`));
      if (docText.indexOf(`\n${heading}`) < 0 || !inOrder(part.slice(0, part.indexOf('\n\n') > 0 ? part.indexOf('\n\n', 1) : undefined), names)) {
        throw new Error(`scenario ${s}: the plan document does not list ${names.join(', ')}:\n${docText}`);
      }
    }
    // Distinct token classes on the handler lines: the TextMate grammar coloured them (tokenizing
    // happens after the text shows, once the grammar is loaded).
    let classes = 0;
    await until('the plan document to be highlighted (3+ token colours on the handler lines)', T.ui, async () => {
      classes = await page.evaluate(() => {
        const lines = [...document.querySelectorAll('.editor-group-container.active .view-line')].filter((l) => /^\s+\d+\. /.test(l.textContent.replace(/\u00a0/g, ' ')));
        return new Set(lines.flatMap((l) => [...l.querySelectorAll('span[class*="mtk"]')].map((s) => s.className))).size;
      });
      return classes >= 3;
    }).catch((e) => {
      throw new Error(`${e.message}; seen ${classes}`);
    });
    await shot('exit plan');
    await shot('readme plan', await editorClip(undefined, true));
    return `${Object.keys(titles).length} scenarios in order, ${classes} token colours`;
  });

  await step("a location in the plan links back to the registration", async () => {
    const m = (await editorState()).lines.map((l) => l.text).join('\n').match(/ 1\. (\S+) +\[[^\]]+\] +(cleanup\.js|[\w./-]*cleanup\.js):(\d+):(\d+)/);
    if (!m) throw new Error('no cross-file entry "1. … cleanup.js:L:C" in the plan document');
    const [, , file, l, c] = m;
    const box = await textBox(`${file}:${l}:${c}`, `${file}:${l}:${c}`);
    await page.keyboard.down('Control');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 3 });
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.up('Control');
    await page.locator('.tab.active', { hasText: 'cleanup.js' }).waitFor({ timeout: T.ui });
    await page.locator('.statusbar-item', { hasText: `Ln ${l}, Col ${c}` }).first().waitFor({ timeout: T.ui });
    return `${file}:${l}:${c}`;
  });

  // The light bulb on cleanup.js's finding offers "Wrap … in try/catch"; applying it must give the
  // text the CLI's fix edits give.
  const cleanupPath = join(P.ws, 'node-app', 'cleanup.js');
  await step('a quick fix from the light bulb wraps the handler in try/catch', async () => {
    const before = readFileSync(cleanupPath, 'utf8');
    const { diagnostics } = expectedFindings([cleanupPath]);
    const d = diagnostics.find((x) => x.rule === 'handler-may-throw' && resolve(run, x.file) === cleanupPath);
    const fix = d?.fixes.find((f) => /try\/catch/.test(f.title));
    if (!fix) throw new Error(`exit-lens check gives no try/catch fix for cleanup.js: ${JSON.stringify(diagnostics.map((x) => [x.rule, x.fixes.map((f) => f.title)]))}`);
    const expected = applyEdits(before, fix.edits.filter((e) => resolve(run, e.file) === cleanupPath));
    const regLine = before.split('\n')[d.line - 1];
    const title = fix.title.replace(/ \(unsafe\)$/, '');
    await openFile('node-app/cleanup.js');
    await retry('light bulb', 4, async () => {
      await page.keyboard.press('Escape');
      await clickLine(regLine.trim(), 'Home');
      const bulb = page.locator('.editor-group-container.active .lightBulbWidget').first();
      await bulb.waitFor({ state: 'visible', timeout: 20_000 * SCALE });
      await bulb.click();
      await page.locator('.action-widget .monaco-list-row', { hasText: title.slice(0, 30) }).first().waitFor({ timeout: 20_000 * SCALE });
    });
    await shot('quick fix menu');
    await shot('readme quickfix', await editorClip('.action-widget'));
    await page.locator('.action-widget .monaco-list-row', { hasText: title.slice(0, 30) }).first().click();
    await page.locator('.editor-group-container.active .view-line', { hasText: 'catch' }).first().waitFor({ timeout: T.ui });
    await page.keyboard.press('Control+S');
    await until('cleanup.js on disk to equal the CLI fix applied', T.ui, () => readFileSync(cleanupPath, 'utf8') === expected).catch((e) => {
      throw new Error(`${e.message}\n--- expected\n${expected}\n--- on disk\n${readFileSync(cleanupPath, 'utf8')}`);
    });
    await shot('quick fix applied');
    return `"${title}": the saved file equals the CLI's fix (${expected.split('\n').length - before.split('\n').length} lines added)`;
  });

  // Typing (unsaved) a process.exit() at the end of index.js adds the CLI's finding for that text.
  await step('an unsaved edit updates the diagnostics', async () => {
    const added = 'process.exit(0);';
    const copy = join(P.expect, 'node-app');
    rmSync(copy, { recursive: true, force: true });
    cpSync(join(P.ws, 'node-app'), copy, { recursive: true });
    const text = readFileSync(indexPath, 'utf8');
    writeFileSync(join(copy, 'index.js'), `${text.replace(/\n?$/, '\n')}${added}\n`);
    const before = expectedFindings(filesUnder(join(P.ws, 'node-app')).map((f) => join(P.ws, 'node-app', f))).keys;
    const after = expectedFindings(filesUnder(copy).map((f) => join(copy, f)), P.expect, P.ws).keys;
    const fresh = [...after].filter((k) => !before.has(k));
    if (fresh.length === 0) throw new Error(`the edit should add a finding; exit-lens check gives the same before and after: ${[...after].join('; ')}`);
    // The other folders' entries stay; node-app's are replaced by `after`.
    await problemsPanel(true);
    const others = new Set((await problems()).filter((k) => !k.startsWith('ws/node-app/')));
    await problemsPanel(false);
    await openFile('node-app/index.js');
    const lastLine = text.replace(/\n$/, '').split('\n').pop();
    await clickLine(lastLine.trim());
    await page.keyboard.press('Control+End');
    await page.keyboard.type(`${text.endsWith('\n') ? '' : '\n'}${added}`);
    const want = new Set([...others, ...after]);
    await problemsEqual(want, T.slow);
    await problemsPanel(false);
    const line = Number(fresh[0].split(' ')[0].split(':')[1]);
    await until(`a squiggle on the new line ${line}`, T.ui, async () => (await editorState()).squiggles.some((s) => s.line === line));
    await shot('edit updates diagnostics');
    await page.keyboard.press('Control+S');
    await until('index.js saved', T.ui, () => readFileSync(indexPath, 'utf8').includes(added));
    return `new: ${fresh.join('; ')}`;
  });

  // The server's V8 code cache of its TypeScript parser lives in the extension's global storage,
  // written after the first JS analysis (Node's compile cache is checked once the server has exited).
  await step('the server keeps its TypeScript code cache in the extension global storage', async () => {
    const got = await until('code-cache/typescript_js-*.v8cache', T.ui, () => {
      const dir = codeCacheDir();
      const v8 = dir ? readdirSync(dir).filter((f) => /^typescript_js-.*\.v8cache$/.test(f)) : [];
      return v8.length === 1 ? `${relative(run, dir)}/${v8[0]}` : null;
    });
    return got;
  });

  // Multi-root: the second folder's .exit-lens.json raises a rule to error there, and only there.
  await step('multi-root workspace: a file in the second folder gets its own diagnostics', async () => {
    const second = expectedFindings(filesUnder(P.second).map((f) => join(P.second, f)));
    const first = expectedFindings([join(P.ws, 'seed', '06_error_handling.py')]);
    if (second.keys.size === 0 || ![...second.keys].some((k) => k.endsWith(' error'))) throw new Error(`the second folder should give an error-level finding: ${[...second.keys].join('; ')}`);
    await page.goto(`http://127.0.0.1:${port}/?workspace=${encodeURIComponent(workspaceFile)}`, { timeout: T.slow, waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: T.slow });
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'second' }).first().waitFor({ timeout: T.slow });
    await openFile('seed/06_error_handling.py');
    await openFile('worker.py');
    await problemsEqual(new Set([...first.keys, ...second.keys]));
    const errLine = Number([...second.keys][0].split(' ')[0].split(':')[1]);
    // The squiggle is read with the panel hidden and the error's line clicked, so the editor has
    // its full height and the focus. CI twice saw none on worker.py while the Problems panel
    // listed the error; a second attempt closes and reopens the file (the server clears and
    // republishes its diagnostics), and a failure prints what the editor showed.
    await hidePanel();
    const editorDump = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('.editor-group-container.active .editor-instance .monaco-editor')]
          .map((e) => {
            const h = Math.round(e.getBoundingClientRect().height);
            const nums = [...e.querySelectorAll('.margin-view-overlays .line-numbers')].map((n) => n.textContent).join(',');
            // Squiggles are drawn only in editable editors (editor.renderValidationDecorations).
            const ro = e.querySelector('textarea')?.getAttribute('aria-readonly') === 'true' ? ' read-only' : '';
            return `editor ${e.getAttribute('data-uri')}${ro} height ${h} lines ${nums || 'none'} overlays ${e.querySelectorAll('.view-overlays .cdr').length}`;
          })
          .join(' | ') || 'no editor',
      );
    const attempts = [];
    await retry('the error squiggle on worker.py', 2, async (attempt) => {
      if (attempt > 1) {
        await command('View: Close Editor');
        await page.locator('.tab', { hasText: 'worker.py' }).waitFor({ state: 'detached', timeout: T.ui });
      }
      await openFile('worker.py');
      await clickLine('atexit.register(report)');
      let seen = [];
      await until(`an error squiggle on worker.py line ${errLine}`, attempt === 1 ? T.ui / 3 : T.ui, async () => {
        const st = await editorState();
        const tab = await page.locator('.tab.active').first().textContent().catch(() => '?');
        seen = [`active tab ${JSON.stringify(tab?.trim())}`, ...st.squiggles.map((s) => `${s.line} ${s.severity}`)];
        return st.squiggles.some((s) => s.line === errLine && s.severity === 'error');
      }).catch(async (e) => {
        attempts.push(`attempt ${attempt}: ${seen.join(', ')}; ${await editorDump().catch((d) => d.message)}`);
        throw new Error(`${e.message}; seen: ${attempts.join(' / ')}`);
      });
    });
    await problemsPanel(false);
    await shot('multi-root');
    return `second folder: ${[...second.keys].join('; ')}${attempts.length ? ` (after: ${attempts.join(' / ')})` : ''}`;
  });
} catch (e) {
  results.push({ name: 'the suite runs to its end', ok: false });
  log(`FAIL  unexpected error: ${e?.stack ?? e}`);
} finally {
  writeFileSync(join(run, 'browser.log'), consoleLog.join('\n') + '\n');
  await cleanup();
}

// After the stop: no process of ours is left, nothing was written outside the run folder.
await step('every process the suite started has stopped', async () => {
  const left = await until('our processes to end', 15_000, () => {
    const ours = processesOf(run);
    return ours.length === 0 ? [] : null;
  }).catch(() => processesOf(run));
  if (left.length > 0) {
    // Identified by the run folder in their command line or environment: ours, stopped by pid.
    for (const p of left) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    throw new Error(`still running: ${left.map((p) => `${p.pid} ${p.cmd.slice(0, 120)}`).join('\n        ')}`);
  }
});
// The client sets NODE_COMPILE_CACHE for the server; Node 22.1+ (code-server's extension host runs
// Node 24) writes the compiled bundle there when the server exits.
await step("Node's compile cache of the server is written to the extension global storage", async () => {
  const dir = codeCacheDir();
  const files = dir && existsSync(join(dir, 'node')) ? readdirSync(join(dir, 'node'), { recursive: true }).map(String).filter((f) => statSync(join(dir, 'node', f)).isFile()) : [];
  if (files.length === 0) throw new Error(`no files under ${dir ? relative(run, join(dir, 'node')) : 'code-cache (not found)'}`);
  return `${files.length} file(s) under ${relative(run, join(dir, 'node'))}`;
});
await step('nothing was written to HOME or /tmp', async () => {
  const after = listOutside();
  const fresh = [...after].filter((p) => !outsideBefore.has(p));
  // The machine may be shared: only names that code-server, VS Code, Chromium or Playwright make count.
  // (The project's own tests make exit-lens-* temp folders, so those names are not counted.)
  const ours = fresh.filter((p) => /code-server|vscode|chromium|playwright|\.pki|dconf|fontconfig|crashpad|\.org\.chromium|tsx-\d|node-compile-cache/i.test(p));
  if (ours.length > 0) throw new Error(`new: ${ours.join(', ')}`);
  const others = fresh.filter((p) => !ours.includes(p));
  return `${after.size} entries listed before and after${others.length ? `; ${others.length} new ones by other processes ignored: ${others.slice(0, 5).join(', ')}${others.length > 5 ? ', …' : ''}` : ''}`;
});
clearTimeout(watchdog);
if (argv.includes('--update-images')) {
  const map = { 'readme-hover': 'hover.png', 'readme-quickfix': 'quickfix.png', 'readme-plan': 'plan.png', 'squiggles-and-problems': 'problems.png', 'multi-root': 'multiroot.png' };
  for (const f of readdirSync(P.shots)) {
    const key = f.replace(/^\d+-/, '').replace(/\.png$/, '');
    if (map[key]) cpSync(join(P.shots, f), join(root, 'docs', 'images', map[key]));
  }
  log('e2e: README screenshots copied to docs/images');
}
finish();

/** Entries of the real HOME (two levels, plus the XDG folders' children) and /tmp (top level). */
function listOutside() {
  const out = new Set();
  const ls = (d, depth) => {
    let names;
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      out.add(p);
      if (depth > 1 && !/^(node_modules|\.npm|\.git|\.cache\/pip)$/.test(n)) {
        try {
          if (statSync(p).isDirectory()) ls(p, depth - 1);
        } catch {
          // vanished
        }
      }
    }
  };
  ls(realHome, 2);
  for (const d of ['.config', '.local/share', '.cache', '.local/state']) ls(join(realHome, d), 1);
  ls(realTmp, 1);
  if (realTmp !== '/tmp') ls('/tmp', 1);
  return out;
}
/** Processes whose command line, working directory or environment mention the run folder. */
function processesOf(dir) {
  const found = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      let hit = cmd.includes(dir);
      if (!hit) {
        try {
          hit = readlinkSync(`/proc/${pid}/cwd`).startsWith(dir) || readFileSync(`/proc/${pid}/environ`, 'utf8').includes(dir);
        } catch {
          // another user's process
        }
      }
      if (hit) found.push({ pid: Number(pid), cmd });
    } catch {
      // exited while listing
    }
  }
  return found;
}
