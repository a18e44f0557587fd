import { fixtureTests, js, py, ruleTester, text, ts } from './tester';

ruleTester('async-handler', {
  valid: [
    py`
      import atexit, asyncio

      async def close():
          await asyncio.sleep(0)

      def run_close():
          asyncio.run(close())

      atexit.register(run_close)
    `,
    // Trap: async work done right in 'beforeExit', where the event loop still runs.
    js`
      process.once('beforeExit', async () => {
        await new Promise((r) => setTimeout(r, 10));
        console.log('flushed');
      });
    `,
    // An async function with no await runs to its end synchronously.
    js`
      process.on('exit', async () => {
        console.log('bye');
      });
    `,
    // exit-hook's asyncExitHook exists for async work.
    js`
      import { asyncExitHook } from 'exit-hook';
      asyncExitHook(async () => {
        await new Promise((r) => setTimeout(r, 10));
      }, { wait: 500 });
    `,
    ts`
      process.on('SIGTERM', async () => {
        await new Promise((r) => setTimeout(r, 10));
        process.exit(0);
      });
    `,
  ],
  invalid: [
    {
      code: py`
        import atexit

        async def close_pool():
            print("closing")

        atexit.register(close_pool)
      `,
      errors: [{ line: 6, message: 'its body never runs', relatedLine: 3 }],
      output: text`
        import atexit

        async def close_pool():
            print("closing")

        def _run_close_pool():
            import asyncio
            asyncio.run(close_pool())


        atexit.register(_run_close_pool)
      `,
    },
    {
      name: 'decorated coroutine',
      code: py`
        import atexit

        @atexit.register
        async def shutdown():
            pass
      `,
      errors: [{ line: 3 }],
    },
    {
      code: js`
        process.on('exit', async () => {
          await fetch('http://metrics/flush', { method: 'POST' });
        });
      `,
      errors: [{ line: 1, message: 'after its first `await`', relatedLine: 2 }],
      output: text`
        process.once('beforeExit', async () => {
          await fetch('http://metrics/flush', { method: 'POST' });
        });
      `,
    },
    {
      name: "named async function on 'exit' with once, double quotes",
      code: ts`
        async function flush(): Promise<void> {
          await new Promise((r) => setTimeout(r, 10));
        }
        process.once("exit", flush);
      `,
      errors: [{ line: 4, relatedLine: 2 }],
      output: text`
        async function flush(): Promise<void> {
          await new Promise((r) => setTimeout(r, 10));
        }
        process.once("beforeExit", flush);
      `,
    },
    {
      name: 'addListener',
      code: js`
        process.addListener('exit', async function close() {
          await Promise.resolve();
          console.log('closed');
        });
      `,
      errors: [{ line: 1, relatedLine: 2 }],
      output: text`
        process.once('beforeExit', async function close() {
          await Promise.resolve();
          console.log('closed');
        });
      `,
    },
    {
      // prependListener runs first on 'exit'; a 'beforeExit' listener cannot keep that order: no fix.
      name: 'prependListener gets no fix',
      code: js`
        process.prependListener('exit', async () => {
          await Promise.resolve();
        });
      `,
      errors: [{ line: 1 }],
    },
    {
      name: 'sync listener that starts a timer',
      code: ts`
        process.on('exit', () => {
          setTimeout(() => console.log('never'), 0);
        });
      `,
      errors: [{ line: 1, message: 'never completes', relatedLine: 2 }],
    },
    {
      name: 'promise-returning arrow',
      code: js`
        process.on('exit', () => fetch('http://metrics/flush'));
      `,
      errors: [{ line: 1 }],
    },
  ],
});

fixtureTests('async-handler');
