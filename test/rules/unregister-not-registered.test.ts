import { fixtureTests, js, py, ruleTester, ts } from './tester';

ruleTester('unregister-not-registered', {
  valid: [
    py`
      import atexit

      def cleanup():
          pass

      atexit.register(cleanup)
      atexit.unregister(cleanup)
    `,
    js`
      function onExit() {}
      process.on('exit', onExit);
      process.removeListener('exit', onExit);
    `,
    // A fresh lambda is the other rule's business.
    py`
      import atexit
      atexit.unregister(lambda: None)
    `,
  ],
  invalid: [
    {
      code: py`
        import atexit

        def cleanup():
            pass

        def other():
            pass

        atexit.register(cleanup)
        atexit.unregister(other)
      `,
      errors: [{ line: 10, message: 'never registered' }],
    },
    {
      name: 'removed before it is registered',
      code: py`
        import atexit

        def cleanup():
            pass

        atexit.unregister(cleanup)
        atexit.register(cleanup)
      `,
      errors: [{ line: 6, message: 'registered only later (line 7)', relatedLine: 7 }],
    },
    {
      name: 'wrong event',
      code: js`
        function onSignal() { process.exit(0); }
        process.on('SIGTERM', onSignal);
        process.off('SIGINT', onSignal);
      `,
      errors: [{ line: 3, message: "'SIGTERM'", relatedLine: 2 }],
    },
    {
      code: ts`
        function onExit(): void {}
        process.removeListener('exit', onExit);
      `,
      errors: [{ line: 2, message: "never registered as a 'exit' listener" }],
    },
  ],
});

fixtureTests('unregister-not-registered');
