import { fixtureTests, py, ruleTester } from './tester';

ruleTester('registered-in-child-process', {
  valid: [
    py`
      import atexit, multiprocessing

      def exit_function():
          print("bye")

      if __name__ == "__main__":
          atexit.register(exit_function)
          p = multiprocessing.Process(target=print)
          p.start()
          p.join()
    `,
    // With the spawn start method the child ends with sys.exit(), which runs atexit handlers.
    {
      code: py`
        import atexit, multiprocessing

        def worker():
            atexit.register(print, "child cleanup")

        if __name__ == "__main__":
            p = multiprocessing.Process(target=worker)
            p.start()
            p.join()
      `,
      config: { python: { startMethod: 'spawn' } },
    },
  ],
  invalid: [
    {
      name: 'seed 10',
      code: py`
        import atexit
        import multiprocessing

        def exit_function():
            print(f"Exiting process {multiprocessing.current_process().name}")

        def worker():
            atexit.register(exit_function)
            print(f"Worker {multiprocessing.current_process().name} running")

        if __name__ == "__main__":
            atexit.register(exit_function)
            p = multiprocessing.Process(target=worker)
            p.start()
            p.join()
            print("Main program exiting")
      `,
      errors: [{ line: 8, column: 5, message: 'never runs', relatedLine: 13 }],
    },
  ],
});

fixtureTests('registered-in-child-process');
