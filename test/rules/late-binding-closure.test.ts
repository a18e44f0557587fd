import { fixtureTests, js, py, ruleTester, text } from './tester';

ruleTester('late-binding-closure', {
  valid: [
    // Trap: `lambda x=x:` binds the value.
    py`
      import atexit
      for name in ["a", "b"]:
          atexit.register(lambda name=name: print(name))
    `,
    // atexit.register(f, x) already binds x.
    py`
      import atexit
      for name in ["a", "b"]:
          atexit.register(print, "closing", name)
    `,
    // No loop variable in the lambda.
    py`
      import atexit
      for _ in range(2):
          atexit.register(lambda: print("bye"))
    `,
    // let: a new binding per iteration.
    js`
      for (let i = 0; i < 3; i++) {
        process.on('exit', () => console.log(i));
      }
    `,
    js`
      for (const f of ['a', 'b']) {
        process.on('exit', () => console.log(f));
      }
    `,
  ],
  invalid: [
    {
      code: py`
        import atexit
        for name in ["a", "b", "c"]:
            atexit.register(lambda: print("closing", name))
      `,
      errors: [{ line: 3, column: 5, message: 'last value of `name`', relatedLine: 3 }],
      output: text`
        import atexit
        for name in ["a", "b", "c"]:
            atexit.register(lambda name=name: print("closing", name))
      `,
    },
    {
      code: js`
        for (var i = 0; i < 3; i++) {
          process.on('exit', () => console.log(i));
        }
      `,
      errors: [{ line: 2, message: 'all 3 handlers' }],
      output: text`
        for (let i = 0; i < 3; i++) {
          process.on('exit', () => console.log(i));
        }
      `,
    },
  ],
});

fixtureTests('late-binding-closure');
