import { fixtureTests, js, py, ruleTester, ts } from './tester';

ruleTester('slow-handler', {
  valid: [
    py`
      import atexit

      def quick_cleanup():
          print("Performing quick cleanup")

      atexit.register(quick_cleanup)
    `,
    // A short pause is not slow work.
    py`
      import atexit, time

      def cleanup():
          time.sleep(0.1)

      atexit.register(cleanup)
    `,
    // A subprocess with a timeout is bounded.
    py`
      import atexit, subprocess

      def cleanup():
          subprocess.run(["sync"], timeout=5)

      atexit.register(cleanup)
    `,
    py`
      import atexit, threading

      t = threading.Thread(target=print)
      t.start()
      atexit.register(lambda: t.join(timeout=2))
    `,
    // Slow work at top level is not an exit handler's.
    py`
      import atexit, time
      atexit.register(print, "bye")
      time.sleep(2)
    `,
    js`
      process.on('exit', () => console.log('bye'));
    `,
    ts`
      const { execSync } = require('child_process');
      execSync('sleep 1');
      process.on('exit', () => console.log('bye'));
    `,
  ],
  invalid: [
    {
      name: 'seed 13',
      code: py`
        import atexit
        import time

        def quick_cleanup():
            print("Performing quick cleanup")

        def slow_cleanup():
            print("Starting slow cleanup")
            time.sleep(5)  # Simulate a slow operation
            print("Slow cleanup finished")

        atexit.register(quick_cleanup)
        atexit.register(slow_cleanup)
      `,
      errors: [{ line: 13, column: 1, message: 'sleeps', relatedLine: 9 }],
    },
    {
      name: 'from time import sleep, through a helper',
      code: py`
        import atexit
        from time import sleep

        def wait_for_flush():
            sleep(3)

        def cleanup():
            wait_for_flush()

        atexit.register(cleanup)
      `,
      errors: [{ line: 10, message: 'wait_for_flush', relatedLine: 5 }],
    },
    {
      name: 'requests without timeout',
      code: py`
        import atexit
        import requests

        atexit.register(lambda: requests.post("http://metrics/flush"))
      `,
      errors: [{ line: 4, message: 'network request' }],
    },
    {
      name: 'configured slow call',
      code: py`
        import atexit
        import mylib

        atexit.register(lambda: mylib.flush_all())
      `,
      config: { slowCalls: ['mylib.flush_all'] },
      errors: [{ line: 4, message: 'slowCalls' }],
    },
    {
      name: 'execSync in an exit listener',
      code: js`
        const { execSync } = require('node:child_process');
        process.on('exit', () => {
          execSync('docker compose down');
        });
      `,
      errors: [{ line: 2, message: 'subprocess', relatedLine: 3 }],
    },
    {
      name: 'busy wait',
      code: ts`
        process.on('exit', () => {
          const end = Date.now() + 2000;
          while (Date.now() < end) {}
        });
      `,
      errors: [{ line: 1, message: 'busy-waits' }],
    },
  ],
});

fixtureTests('slow-handler');
