import { defineRule } from './rule';

// Reported by check.ts itself (it sees every suppression comment after the other rules ran).
export const UNUSED_SUPPRESSION = defineRule({
  id: 'unused-suppression',
  languages: ['python', 'javascript', 'typescript'],
  defaultSeverity: 'info',
  fix: 'none',
  summary: 'an exit-lens suppression comment that suppresses nothing',
  messages: {
    unused: 'This comment suppresses `{{rule}}`, but `{{rule}}` reports nothing here: remove it so it does not hide a future finding.',
    unknownRule: '`{{rule}}` is not an Exit Lens rule id, so this comment suppresses nothing.',
  },
  docs: `## What it does
Reports an \`exit-lens\` suppression comment that suppresses no diagnostic, or that names a rule id Exit Lens does not have.

## Why it matters
A stale suppression hides the next real finding on that line, and a misspelt rule id suppresses nothing at all.

## Example
\`\`\`python
import atexit

def cleanup():
    print("bye")

atexit.register(cleanup)  # exit-lens: ignore[handler-may-throw]
\`\`\`

## Use instead
\`\`\`python
import atexit

def cleanup():
    print("bye")

atexit.register(cleanup)
\`\`\`

## Fix safety
No fix is offered; delete the comment.

## References
- [Exit Lens suppression comments](../../README.md)
`,
  check() {
    // Computed in check.ts after the other rules ran.
  },
});

export default UNUSED_SUPPRESSION;
