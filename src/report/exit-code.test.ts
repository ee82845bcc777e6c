import { describe, expect, it } from 'vitest';
import { ExitCode } from '../cli/exit-codes.js';
import { blockedReport, signedInReport } from '../../test/cli-fixtures.js';
import { exitCodeFor } from './exit-code.js';

describe('exitCodeFor', () => {
  it('0 when signed in with no findings, 1 for a diagnosed root cause', () => {
    expect(exitCodeFor(signedInReport())).toBe(ExitCode.Ok);
    expect(exitCodeFor(blockedReport())).toBe(ExitCode.Problem);
    expect(exitCodeFor(blockedReport(), 'none')).toBe(ExitCode.Problem);
  });

  it('an error finding without a verdict still fails; warnings only at --fail-on warning', () => {
    const [, consequence, warning] = blockedReport().findings;
    const withError = { ...signedInReport(), findings: [consequence!] };
    const withWarning = { ...signedInReport(), findings: [warning!] };
    expect(exitCodeFor(withError)).toBe(1);
    expect(exitCodeFor(withError, 'none')).toBe(0);
    expect(exitCodeFor(withWarning)).toBe(0);
    expect(exitCodeFor(withWarning, 'warning')).toBe(1);
    expect(exitCodeFor(withWarning, 'info')).toBe(1);
  });

  it('3 when a rule or probe crashed, even with a diagnosis', () => {
    expect(exitCodeFor(blockedReport({ ruleErrors: [{ ruleId: 'x/y', message: 'boom' }] }))).toBe(ExitCode.Internal);
    const r = signedInReport();
    expect(exitCodeFor({ ...r, evidence: { ...r.evidence, probeErrors: [{ probe: 'dns', message: 'boom' }] } })).toBe(ExitCode.Internal);
  });
});
