import { fixtureTests, js, py, ruleTester } from './tester';

ruleTester('resource-closed-at-exit', {
  valid: [
    // Seed 07 and 08: a module-level resource that lives as long as the program.
    py`
      import atexit

      log_file = open("app.log", "w")

      def close_log_file():
          print("Closing log file...")
          log_file.close()

      atexit.register(close_log_file)
      log_file.write("Application started\n")
    `,
    py`
      import atexit
      import sqlite3

      conn = sqlite3.connect("example.db")

      def close_db_connection():
          conn.close()

      atexit.register(close_db_connection)
    `,
    py`
      def export(rows):
          with open("out.csv", "w") as out:
              out.writelines(rows)
    `,
    js`
      const fs = require('fs');
      const fd = fs.openSync('app.log', 'a');
      process.on('exit', () => fs.closeSync(fd));
    `,
  ],
  invalid: [
    {
      code: py`
        import atexit

        def export(rows):
            out = open("export.csv", "w")
            atexit.register(out.close)
            for row in rows:
                out.write(row)

        export(["a"])
      `,
      errors: [{ line: 5, message: 'with', relatedLine: 4 }],
    },
    {
      code: js`
        const fs = require('fs');
        function writeReport(lines) {
          const fd = fs.openSync('report.txt', 'w');
          process.on('exit', () => fs.closeSync(fd));
          for (const l of lines) fs.writeSync(fd, l);
        }
        writeReport(['a']);
      `,
      errors: [{ line: 4, relatedLine: 3 }],
    },
  ],
});

fixtureTests('resource-closed-at-exit');
