// The server over each transport and entry point: `exit-lens lsp --stdio` (any LSP client),
// dist/server.js over Node IPC (the VS Code client), and JavaScript/TypeScript documents.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cliPlan, indicesInOrder, scenarioLine, workspace } from './helpers';
import { hoverText, LspClient, ROOT } from './lspClient';

const MULTIPLE = join(ROOT, 'examples', 'seed', '03_multiple.py');

async function hoverFirstRegistration(c: LspClient, file: string): Promise<{ hover: string; order: string[] }> {
  const uri = await c.open(file, readFileSync(file, 'utf8'));
  await c.diagnosticsFor(uri);
  const plan = cliPlan(file);
  const h = plan.scenarios.normal!.handlers[0]!;
  return { hover: hoverText(await c.hover(uri, h.line - 1, h.column)), order: plan.scenarios.normal!.handlers.map((x) => x.name) };
}

describe('transports', () => {
  test('`exit-lens lsp --stdio` serves hover with the exit order', async () => {
    const c = await LspClient.start({ command: [process.execPath, join(ROOT, 'dist', 'cli.js'), 'lsp', '--stdio'] });
    try {
      const { hover, order } = await hoverFirstRegistration(c, MULTIPLE);
      assert.ok(order.length >= 2);
      indicesInOrder(scenarioLine(hover, 'normal end')!, order);
    } finally {
      await c.stop();
    }
  });

  test('the bin (`bin/exit-lens.js lsp --stdio`) starts the same server', async () => {
    const c = await LspClient.start({ command: [process.execPath, join(ROOT, 'bin', 'exit-lens.js'), 'lsp', '--stdio'] });
    try {
      assert.equal(c.initializeResult.serverInfo?.name, 'exit-lens');
    } finally {
      await c.stop();
    }
  });

  test('dist/server.js over Node IPC, as the VS Code client starts it', async () => {
    const c = await LspClient.start({ transport: 'ipc' });
    try {
      const { hover, order } = await hoverFirstRegistration(c, MULTIPLE);
      indicesInOrder(scenarioLine(hover, 'normal end')!, order);
    } finally {
      await c.stop();
    }
  });
});

describe('JavaScript and TypeScript documents', () => {
  const JS = `const fs = require('node:fs');
require('./db');

process.on('exit', function flushLog() {
  fs.writeSync(1, 'log flushed\\n');
});
process.prependListener('exit', () => fs.writeSync(1, 'first\\n'));
`;
  const DB = `process.on('exit', function closeDb() {
  require('node:fs').writeSync(1, 'db closed\\n');
});
`;
  const TS = `import process from 'node:process';

function stop(): void {
  console.log('stopping');
}

process.on('SIGTERM', stop);
process.on('exit', () => console.log('bye'));
setInterval(() => {}, 1000);
`;

  test('a CommonJS program with a required module: hover order, lens per registration', async () => {
    const ws = workspace({ 'main.js': JS, 'db.js': DB });
    const c = await LspClient.start({ workspaceFolders: [ws.dir] });
    try {
      const uri = await c.open(ws.path('main.js'), JS);
      await c.diagnosticsFor(uri);
      const plan = cliPlan(ws.path('main.js'));
      const order = plan.scenarios.normal!.handlers.map((h) => h.name);
      assert.ok(order.includes('closeDb') && order.includes('flushLog'), order.join());
      const local = plan.scenarios.normal!.handlers.find((h) => h.name === 'flushLog')!;
      const hover = hoverText(await c.hover(uri, local.line - 1, local.column + 3));
      indicesInOrder(scenarioLine(hover, 'normal end')!, order);
      assert.match(hover, /'exit' listeners run synchronously in registration order/);
      const lenses = (await c.codeLens(uri)) ?? [];
      const localRegs = plan.scenarios.normal!.handlers.filter((h) => !h.file);
      assert.equal(lenses.length, localRegs.length);
    } finally {
      await c.stop();
      ws.dispose();
    }
  });

  test('a TypeScript server: its SIGTERM listener and where the exit listener is skipped', async () => {
    const ws = workspace({ 'server.ts': TS });
    const c = await LspClient.start({ workspaceFolders: [ws.dir] });
    try {
      const uri = await c.open(ws.path('server.ts'), TS);
      await c.diagnosticsFor(uri);
      const plan = cliPlan(ws.path('server.ts'));
      const line = TS.split('\n').findIndex((l) => l.startsWith("process.on('exit'"));
      const hover = hoverText(await c.hover(uri, line, 3));
      assert.match(hover, /process:exit/);
      for (const s of ['sigterm', 'sigint'] as const) {
        const handlers = plan.scenarios[s]!.handlers.map((h) => h.name);
        const label = s === 'sigterm' ? 'SIGTERM' : 'SIGINT';
        const l = scenarioLine(hover, label)!;
        assert.ok(l, `a ${label} line in ${hover}`);
        const skipped = plan.scenarios[s]!.skipped.find((k) => k.line === line + 1);
        if (skipped) assert.ok(l.includes(skipped.reason), l);
        else indicesInOrder(l, handlers);
      }
    } finally {
      await c.stop();
      ws.dispose();
    }
  });
});
