import { fixtureTests, js, py, ruleTester, text, ts } from './tester';

ruleTester('unregister-never-matches', {
  valid: [
    // Seed 04, and the trap: removing the same reference that was added.
    py`
      import atexit

      def unnecessary_function():
          print("This won't be called")

      atexit.register(unnecessary_function)
      atexit.unregister(unnecessary_function)
    `,
    py`
      import atexit
      handler = lambda: print("bye")
      atexit.register(handler)
      atexit.unregister(handler)
    `,
    js`
      const onExit = () => console.log('bye');
      process.on('exit', onExit);
      process.off('exit', onExit);
    `,
    ts`
      const bound = console.log.bind(console, 'bye');
      process.on('exit', bound);
      process.removeListener('exit', bound);
    `,
  ],
  invalid: [
    {
      code: py`
        import atexit

        atexit.register(lambda: print("bye"))
        atexit.unregister(lambda: print("bye"))
      `,
      errors: [{ line: 4, column: 1, message: 'still runs at exit', relatedLine: 3 }],
      output: text`
        import atexit

        _exit_handler_3 = lambda: print("bye")
        atexit.register(_exit_handler_3)
        atexit.unregister(_exit_handler_3)
      `,
    },
    {
      code: py`
        import atexit
        from functools import partial

        def goodbye(name):
            print(name)

        atexit.register(partial(goodbye, "Bob"))
        atexit.unregister(partial(goodbye, "Bob"))
      `,
      errors: [{ line: 8, message: 'functools.partial' }],
      output: text`
        import atexit
        from functools import partial

        def goodbye(name):
            print(name)

        _exit_handler_7 = partial(goodbye, "Bob")
        atexit.register(_exit_handler_7)
        atexit.unregister(_exit_handler_7)
      `,
    },
    {
      code: js`
        function cleanup() {}
        process.on('exit', () => cleanup());
        process.off('exit', () => cleanup());
      `,
      errors: [{ line: 3, message: 'function expression', relatedLine: 2 }],
      output: text`
        function cleanup() {}
        const exitHandler2 = () => cleanup();
        process.on('exit', exitHandler2);
        process.off('exit', exitHandler2);
      `,
    },
    {
      name: 'bind() makes a new function',
      code: ts`
        class Db { close(): void {} }
        const db = new Db();
        process.on('exit', db.close.bind(db));
        process.removeListener('exit', db.close.bind(db));
      `,
      errors: [{ line: 4, message: 'bind()' }],
      output: text`
        class Db { close(): void {} }
        const db = new Db();
        const exitHandler3 = db.close.bind(db);
        process.on('exit', exitHandler3);
        process.removeListener('exit', exitHandler3);
      `,
    },
  ],
});

fixtureTests('unregister-never-matches');
