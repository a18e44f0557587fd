import { fixtureTests, js, py, ruleTester, ts } from './tester';

ruleTester('exit-deadlock', {
  valid: [
    // A daemon thread does not hold up the exit.
    py`
      import atexit, threading

      stop = threading.Event()

      def work():
          while not stop.is_set():
              stop.wait(1)

      t = threading.Thread(target=work, daemon=True)
      t.start()
      atexit.register(stop.set)
    `,
    // The main code stops the thread itself.
    py`
      import atexit, threading

      stop = threading.Event()

      def work():
          while not stop.is_set():
              stop.wait(1)

      t = threading.Thread(target=work)
      t.start()
      atexit.register(stop.set)
      stop.set()
    `,
    // An unref'd interval does not keep the loop alive.
    js`
      const timer = setInterval(() => {}, 1000).unref();
      process.on('exit', () => clearInterval(timer));
    `,
    // A signal listener gives the program a way to end.
    ts`
      const timer = setInterval(() => {}, 1000);
      process.on('SIGTERM', () => process.exit(0));
      process.on('exit', () => clearInterval(timer));
    `,
  ],
  invalid: [
    {
      code: py`
        import atexit, threading

        stop = threading.Event()

        def work():
            while not stop.is_set():
                stop.wait(1)

        t = threading.Thread(target=work)
        t.start()

        def shutdown():
            stop.set()

        atexit.register(shutdown)
      `,
      errors: [{ line: 15, column: 1, message: 'non-daemon threads', relatedLine: 9 }],
    },
    {
      code: js`
        const timer = setInterval(() => console.log('poll'), 1000);
        process.on('exit', () => clearInterval(timer));
      `,
      errors: [{ line: 2, message: 'never reaches', relatedLine: 1 }],
    },
    {
      code: ts`
        import http from 'node:http';
        const server = http.createServer(() => {});
        server.listen(8080);
        process.on('beforeExit', () => server.close());
      `,
      errors: [{ line: 4, message: 'the server' }],
    },
  ],
});

fixtureTests('exit-deadlock');
