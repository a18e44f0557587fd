import { fixtureTests, js, py, ruleTester, ts } from './tester';

ruleTester('duplicate-registration', {
  valid: [
    // Seed 03: two different handlers.
    py`
      import atexit

      def cleanup1():
          print("Cleanup 1")

      def cleanup2():
          print("Cleanup 2")

      atexit.register(cleanup1)
      atexit.register(cleanup2)
    `,
    // Same function, different arguments: two different registrations.
    py`
      import atexit

      def close(name):
          print("closing", name)

      atexit.register(close, "db")
      atexit.register(close, "cache")
    `,
    // Removed in between.
    py`
      import atexit

      def f():
          pass

      atexit.register(f)
      atexit.unregister(f)
      atexit.register(f)
    `,
    // Exclusive branches.
    py`
      import atexit, sys

      def f():
          pass

      if len(sys.argv) > 1:
          atexit.register(f)
      else:
          atexit.register(f)
    `,
    js`
      function onExit() {}
      process.on('exit', onExit);
      process.on('SIGINT', onExit);
    `,
  ],
  invalid: [
    {
      code: py`
        import atexit

        def flush():
            print("flushing")

        atexit.register(flush)
        atexit.register(flush)
      `,
      errors: [{ line: 7, column: 1, message: 'runs twice', relatedLine: 6 }],
    },
    {
      name: 'setup called twice',
      code: py`
        import atexit

        def flush():
            print("flushing")

        def setup():
            atexit.register(flush)

        setup()
        setup()
      `,
      errors: [{ line: 7, message: 'runs twice' }],
    },
    {
      code: js`
        function onExit() { console.log('bye'); }
        process.on('exit', onExit);
        process.once('exit', onExit);
      `,
      errors: [{ line: 3, relatedLine: 2 }],
    },
    {
      code: ts`
        function onTerm(): void { process.exit(0); }
        for (let i = 0; i < 3; i++) process.on('SIGTERM', onTerm);
      `,
      errors: [{ line: 2, message: '3 times' }],
    },
  ],
});

fixtureTests('duplicate-registration');
