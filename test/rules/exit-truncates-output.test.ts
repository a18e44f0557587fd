import { fixtureTests, js, ruleTester, text, ts } from './tester';

ruleTester('exit-truncates-output', {
  valid: [
    js`
      console.log('done');
      process.exitCode = 0;
    `,
    js`
      process.exit(0);
    `,
    // Output written inside a callback that finished is not "right before" the exit.
    ts`
      function main(): number {
        return 0;
      }
      process.exit(main());
    `,
  ],
  invalid: [
    {
      code: js`
        const report = { ok: true };
        console.log(JSON.stringify(report));
        process.exit(report.ok ? 0 : 1);
      `,
      errors: [{ line: 3, column: 1, message: 'stdout', relatedLine: 2 }],
      output: text`
        const report = { ok: true };
        console.log(JSON.stringify(report));
        process.exitCode = report.ok ? 0 : 1;
      `,
    },
    {
      name: 'in a function: no fix (a return would change the flow)',
      code: ts`
        function fail(message: string): never {
          console.error(message);
          process.exit(1);
        }
        fail('usage: tool FILE');
      `,
      errors: [{ line: 3, message: 'stderr' }],
    },
    {
      code: js`
        process.stdout.write('partial output\n');
        process.exit();
      `,
      errors: [{ line: 2 }],
      output: text`
        process.stdout.write('partial output\n');
        process.exitCode = 0;
      `,
    },
  ],
});

fixtureTests('exit-truncates-output');
