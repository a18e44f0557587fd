// Real-editor check of the packaged extension: installs the .vsix into code-server, opens a seed
// example in headless Chromium, and checks what a user sees: the squiggle, the exit-order hover,
// the code lens and the quick-fix menu. Takes the README's screenshots (docs/images/).
// Heavy (code-server under Node 24 + Chromium, see ../../../../shared/e2e/RECIPE.md), so it is not part
// of `npm test`. Prerequisites in .e2e/ (gitignored):
//   apt-get install -y chromium libkrb5-dev
//   .e2e/node24: npm install node@24;  .e2e/cs: code-server@4.139.1 installed under Node 24;
//   .e2e/pw: npm install playwright-core
// Run: node test/package/e2e/code-server.mjs [--vsix FILE] [--shots DIR]
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const E2E = join(root, '.e2e');
const arg = (n) => (process.argv.includes(n) ? process.argv[process.argv.indexOf(n) + 1] : undefined);
const shots = resolve(arg('--shots') ?? join(root, 'docs', 'images'));
const N24 = join(E2E, 'node24', 'node_modules', 'node', 'bin', 'node');
const CS = join(E2E, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
for (const [what, p] of [['Node 24', N24], ['code-server', CS], ['chromium', '/usr/bin/chromium']]) {
  if (!existsSync(p)) {
    console.error(`e2e: ${what} missing at ${p} (see the header of this file)`);
    process.exit(2);
  }
}
const { chromium } = createRequire(join(E2E, 'pw', 'package.json'))('playwright-core');

let vsix = arg('--vsix');
if (!vsix) {
  vsix = join(E2E, 'exit-lens.vsix');
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'package.mjs'), '--out', vsix, '--stage', join(E2E, 'stage')], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
}

const run = join(E2E, `run-${Date.now()}`);
for (const d of ['home', 'data/User', 'exts', 'ws', 'tmp']) mkdirSync(join(run, d), { recursive: true });
const env = { ...process.env, HOME: join(run, 'home'), XDG_CONFIG_HOME: join(run, 'home/.config'), XDG_DATA_HOME: join(run, 'home/.local/share'), XDG_CACHE_HOME: join(run, 'home/.cache'), TMPDIR: join(run, 'tmp') };
writeFileSync(join(run, 'config.yaml'), 'auth: none\ncert: false\n');
writeFileSync(
  join(run, 'data/User/settings.json'),
  JSON.stringify({
    'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
    'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'workbench.enableExperiments': false, 'workbench.tips.enabled': false,
    'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'git.enabled': false, 'editor.hover.delay': 200,
    'editor.minimap.enabled': false, 'workbench.colorTheme': 'Default Dark Modern', 'editor.fontSize': 14,
  }),
);
const FILE = '06_error_handling.py';
cpSync(join(root, 'examples', 'seed', FILE), join(run, 'ws', FILE));
const source = readFileSync(join(run, 'ws', FILE), 'utf8');
const plan = JSON.parse(spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'plan', join(run, 'ws', FILE), '--format', 'json'], { encoding: 'utf8' }).stdout);
const order = plan.scenarios.normal.handlers.map((h) => h.name);

const csArgs = (extra) => [CS, '--config', join(run, 'config.yaml'), '--user-data-dir', join(run, 'data'), '--extensions-dir', join(run, 'exts'), ...extra];
const inst = spawnSync(N24, csArgs(['--install-extension', vsix]), { env, encoding: 'utf8' });
if (inst.status !== 0) throw new Error(`install failed: ${inst.stdout}${inst.stderr}`);

const port = await new Promise((res) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => res(p));
  });
});
const cs = spawn(N24, csArgs(['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', join(run, 'ws')]), { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
await new Promise((res, rej) => {
  const t = setTimeout(() => rej(new Error('code-server did not start')), 60000);
  t.unref();
  cs.stdout.on('data', (d) => String(d).includes('HTTP server listening') && (clearTimeout(t), res()));
});

const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok' : 'FAIL'}  ${what}`);
  if (!ok) failures.push(what);
};
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, env, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 760 } })).newPage();
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(join(run, 'ws'))}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE }).click({ timeout: 60000 });
  await page.locator('.monaco-editor .view-line', { hasText: 'atexit.register(faulty_exit)' }).waitFor({ timeout: 30000 });
  await page.waitForSelector('.monaco-editor .squiggly-warning', { timeout: 90000 });
  check(true, 'the diagnostic squiggle appears');
  const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: 'exit #' }).first();
  await lens.waitFor({ timeout: 30000 });
  const lensText = await page.locator('.monaco-editor .codelens-decoration').allInnerTexts();
  check(lensText.some((t) => /exit #\d of \d/.test(t)), `code lens: ${lensText.join(' | ')}`);

  // Hover on `faulty_exit` inside the registration (Monaco merges tokens: find the text with a DOM Range).
  const box = await page.evaluate((needle) => {
    for (const line of document.querySelectorAll('.monaco-editor .view-line')) {
      if (!line.textContent.includes('atexit.register(faulty_exit)')) continue;
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
  }, 'faulty_exit');
  await page.mouse.move(box.x + 2, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Exit Lens' }).first();
  await hover.waitFor({ timeout: 30000 });
  const hoverText = await hover.innerText();
  let from = 0; // reused below
  const inOrder = order.every((n) => {
    const i = hoverText.indexOf(n, from);
    from = i + 1;
    return i >= 0;
  });
  check(order.length >= 2 && inOrder, `hover lists the plan order ${order.join(' → ')}`);
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, 'hover.png'), clip: { x: 350, y: 60, width: 930, height: 540 } });

  // Quick fix menu on the diagnostic's line.
  await page.mouse.move(5, 5);
  await page.keyboard.press('Escape');
  await page.locator('.monaco-editor .view-line', { hasText: 'atexit.register(faulty_exit)' }).click();
  await page.keyboard.press('Control+.');
  const menu = page.locator('.action-widget', { hasText: 'Wrap faulty_exit' }).first();
  await menu.waitFor({ timeout: 30000 });
  const menuText = await menu.innerText();
  check(/Wrap faulty_exit in try\/except/.test(menuText) && /Ignore handler-may-throw on this line/.test(menuText), 'quick fixes: wrap in try/except, ignore for the line');
  await page.screenshot({ path: join(shots, 'quickfix.png'), clip: { x: 350, y: 60, width: 930, height: 440 } });

  // Apply the wrap: the finding goes away.
  await page.locator('.action-widget .monaco-list-row', { hasText: 'Wrap faulty_exit' }).first().click();
  await page.locator('.monaco-editor .view-line', { hasText: 'except Exception' }).waitFor({ timeout: 30000 });
  check(true, 'the quick fix edits the file');

  // Exit Lens: Show Exit Plan from the command palette: the server opens the plan document.
  await page.keyboard.press('F1');
  await page.keyboard.type('Exit Lens: Show Exit Plan');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Exit Plan' }).first().waitFor({ timeout: 30000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab', { hasText: '.exitplan' }).first().waitFor({ timeout: 30000 });
  const planLine = page.locator('.monaco-editor .view-line', { hasText: 'normal: the program runs to its end' }).first();
  await planLine.waitFor({ timeout: 30000 });
  const planText = (await page.locator('.monaco-editor .view-lines').last().innerText()).replace(/\u00a0/g, ' ');
  from = 0;
  check(order.every((n) => { const i = planText.indexOf(n, from); from = i + 1; return i >= 0; }), 'the plan document lists the order');
  // Token classes (mtkN) differ per TextMate scope colour: a plain-text document would have one.
  const colored = await page.evaluate(() => {
    const lines = [...document.querySelectorAll('.monaco-editor .view-line')].filter((l) => /^(normal|sigterm|exit):/.test(l.textContent));
    const classes = new Set(lines.flatMap((l) => [...l.querySelectorAll('span[class*="mtk"]')].map((s) => s.className)));
    return lines.length > 0 && classes.size >= 2;
  });
  check(colored, 'the plan document is highlighted by the grammar');
  await page.screenshot({ path: join(shots, 'plan.png'), clip: { x: 350, y: 60, width: 930, height: 640 } });

  // Ctrl+click on a location of the plan (a document link) goes to the registration.
  const target = planText.match(/1\. \S+ +\[atexit\] +(\S+?):(\d+):(\d+)/);
  const linkBox = await page.evaluate((needle) => {
    for (const line of document.querySelectorAll('.monaco-editor .view-line')) {
      const text = line.textContent.replace(/\u00a0/g, ' ');
      if (!/^ +1\. /.test(text) || !text.includes(needle)) continue;
      const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
      let acc = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const t = n.textContent.replace(/\u00a0/g, ' ');
        const i = (acc + t).indexOf(needle);
        if (i >= 0 && i >= acc.length) {
          const r = document.createRange();
          r.setStart(n, i - acc.length + 2);
          r.setEnd(n, i - acc.length + 3);
          const b = r.getBoundingClientRect();
          return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
        }
        acc += t;
      }
    }
    return null;
  }, `${target[1]}:${target[2]}:${target[3]}`);
  await page.keyboard.down('Control');
  await page.mouse.move(linkBox.x, linkBox.y, { steps: 3 });
  await page.mouse.click(linkBox.x, linkBox.y);
  await page.keyboard.up('Control');
  const lnCol = page.locator('.statusbar-item', { hasText: `Ln ${target[2]}, Col ${target[3]}` }).first();
  await lnCol.waitFor({ timeout: 30000 }).then(
    () => check(true, `the plan's link opens ${target[1]} at line ${target[2]}`),
    () => check(false, `the plan's link opens ${target[1]} at line ${target[2]}`),
  );

  // The status bar item, and the restart command (the server answers again afterwards).
  const item = page.locator('.statusbar-item', { hasText: 'Exit Lens' }).first();
  await item.waitFor({ timeout: 30000 }).then(() => check(true, 'the status bar item shows'), () => check(false, 'the status bar item shows'));
  await page.keyboard.press('F1');
  await page.keyboard.type('Exit Lens: Restart Server');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Restart Server' }).first().waitFor({ timeout: 30000 });
  await page.keyboard.press('Enter');
  // Only a live server can number a registration typed after the restart.
  await page.locator('.monaco-editor .view-line', { hasText: 'atexit.register(safe_exit)' }).click();
  await page.keyboard.press('End');
  await page.keyboard.type('\natexit.register(print)');
  await page.locator('.monaco-editor .codelens-decoration', { hasText: /exit #\d of 3/ }).first().waitFor({ timeout: 60000 }).then(
    () => check(true, 'after a restart the server analyzes a new registration (exit #n of 3)'),
    () => check(false, 'after a restart the server analyzes a new registration (exit #n of 3)'),
  );
  void source;
} finally {
  await browser.close();
  try {
    process.kill(-cs.pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
console.log(failures.length === 0 ? 'e2e: all passed' : `e2e: ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
