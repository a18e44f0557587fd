// Realistic programs (test/rules/fixtures/programs): every finding of every rule must be marked
// with `# ^^^ rule-id: fragment` under its line, and nothing else may be reported.
import { RULES } from '../../server/src/core/rules';
import { fixtureTests } from './tester';

fixtureTests('programs', RULES.map((r) => r.id));
