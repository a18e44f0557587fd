import { fixtureTests, js, ruleTester, text, ts } from './tester';

ruleTester('before-exit-reschedules', {
  valid: [
    // Trap: async work done right in 'beforeExit' (once).
    js`
      process.once('beforeExit', async () => {
        await new Promise((r) => setTimeout(r, 10));
      });
    `,
    // Guarded by a flag.
    js`
      let flushed = false;
      process.on('beforeExit', () => {
        if (flushed) return;
        flushed = true;
        setTimeout(() => console.log('flushed'), 10);
      });
    `,
    // Removes itself.
    ts`
      function onBeforeExit(): void {
        process.off('beforeExit', onBeforeExit);
        setTimeout(() => {}, 10);
      }
      process.on('beforeExit', onBeforeExit);
    `,
    // Synchronous work only.
    js`
      process.on('beforeExit', () => console.log('about to exit'));
    `,
  ],
  invalid: [
    {
      code: js`
        process.on('beforeExit', () => {
          setTimeout(() => console.log('tick'), 100);
        });
      `,
      errors: [{ line: 1, column: 1, message: 'never exits', relatedLine: 2 }],
      output: text`
        process.once('beforeExit', () => {
          setTimeout(() => console.log('tick'), 100);
        });
      `,
    },
    {
      code: ts`
        async function flush(): Promise<void> {}
        process.on('beforeExit', async () => {
          await flush();
        });
      `,
      errors: [{ line: 2, relatedLine: 3 }],
      output: text`
        async function flush(): Promise<void> {}
        process.once('beforeExit', async () => {
          await flush();
        });
      `,
    },
  ],
});

fixtureTests('before-exit-reschedules');
