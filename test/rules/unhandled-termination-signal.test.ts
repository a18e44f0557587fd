import { fixtureTests, js, py, ruleTester, text, ts } from './tester';

ruleTester('unhandled-termination-signal', {
  valid: [
    // A script that ends by itself is not flagged.
    py`
      import atexit
      atexit.register(print, "bye")
      print("work")
    `,
    // Seed 11: SIGTERM handled with sys.exit.
    py`
      import atexit
      import signal
      import sys

      def exit_function():
          print("Performing cleanup...")

      def signal_handler(sig, frame):
          print(f"Received signal {sig}")
          sys.exit(0)

      atexit.register(exit_function)
      signal.signal(signal.SIGTERM, signal_handler)

      print("Program running. Press Ctrl+C to exit.")
      signal.pause()
    `,
    // No exit handler: nothing to skip.
    py`
      import time
      while True:
          time.sleep(1)
    `,
    js`
      const http = require('http');
      process.on('exit', () => console.log('bye'));
      process.on('SIGTERM', () => process.exit(143));
      process.on('SIGINT', () => process.exit(130));
      http.createServer(() => {}).listen(8080);
    `,
    // The library handles the signals itself.
    js`
      import exitHook from 'exit-hook';
      exitHook(() => console.log('bye'));
      setInterval(() => {}, 1000);
    `,
  ],
  invalid: [
    {
      code: py`
        import atexit
        import time

        def cleanup():
            print("cleanup")

        atexit.register(cleanup)
        while True:
            time.sleep(1)
      `,
      errors: [{ line: 7, column: 1, message: 'SIGTERM is not handled', relatedLine: 8 }],
      output: text`
        import atexit
        import time

        def cleanup():
            print("cleanup")

        import signal
        import sys
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
        atexit.register(cleanup)
        while True:
            time.sleep(1)
      `,
    },
    {
      code: js`
        const http = require('http');
        process.on('exit', () => console.log('bye'));
        http.createServer(() => {}).listen(8080);
      `,
      errors: [{ line: 2, message: 'SIGTERM and SIGINT are not handled' }],
      output: text`
        const http = require('http');
        process.on('SIGTERM', () => process.exit(143));
        process.on('SIGINT', () => process.exit(130));
        process.on('exit', () => console.log('bye'));
        http.createServer(() => {}).listen(8080);
      `,
    },
    {
      name: 'interval, SIGINT handled only',
      code: ts`
        process.on('exit', () => console.log('bye'));
        process.on('SIGINT', () => process.exit(130));
        setInterval(() => {}, 1000);
      `,
      errors: [{ line: 1, message: 'SIGTERM is not handled' }],
      output: text`
        process.on('SIGTERM', () => process.exit(143));
        process.on('exit', () => console.log('bye'));
        process.on('SIGINT', () => process.exit(130));
        setInterval(() => {}, 1000);
      `,
    },
  ],
});

fixtureTests('unhandled-termination-signal');
