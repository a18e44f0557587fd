// exit-lens-oracle: normal exit error sigint sigterm hard-exit
// A job queue in TypeScript using exit-hook and process.exitCode.
import exitHook from 'exit-hook';

interface Job {
  id: number;
  run(): boolean;
}

const jobs: Job[] = [1, 2, 3].map((id) => ({ id, run: () => id !== 2 }));
const failed: number[] = [];

for (const job of jobs) {
  if (!job.run()) failed.push(job.id);
}
if (failed.length > 0) process.exitCode = 1;

exitHook(() => {
  console.log(`failed jobs: ${failed.join(', ') || 'none'}`);
});

process.on('exit', (code: number) => console.log(`queue exit ${code}`));
