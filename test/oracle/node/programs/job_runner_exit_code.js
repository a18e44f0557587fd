// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// A batch job runner: failures set process.exitCode instead of calling process.exit(), and a
// 'beforeExit' listener flushes the report once (it schedules async work exactly one time).
'use strict';
const jobs = [
  { name: 'resize-images', ok: true },
  { name: 'send-digest', ok: false },
  { name: 'reindex', ok: true },
];
const report = [];
let flushed = false;

for (const job of jobs) {
  report.push(`${job.name}: ${job.ok ? 'done' : 'failed'}`);
  if (!job.ok) process.exitCode = 1;
}

process.on('beforeExit', () => {
  if (flushed) return;
  flushed = true;
  setTimeout(() => {
    console.log(report.join('\n'));
  }, 10);
});

process.on('exit', (code) => {
  console.log(`runner finished, exit code ${code}`);
});
