import { defineRule } from '../types.js';

/** `30000` → `30 s`, `1500` → `1.5 s`, `90000` → `90 s` (report text, not a CLI value) */
const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;
/** a CLI value for a bigger budget: twice as long, at least 30 s more, in whole seconds */
const bigger = (ms: number): string => `${Math.ceil(Math.max(ms * 2, ms + 30_000) / 1000)}s`;

export default defineRule({
  meta: {
    id: 'client/budget-exhausted',
    category: 'client',
    rootCause: 'check-budget-exhausted',
    severity: 'error',
    title: 'The check finishes within its budget',
    failureTitle: 'The check ran out of time before it finished',
    description: "`check` stops when its --budget runs out. The step that was running then was cut off by the check itself, not by the server: what it was waiting for (a DNS answer, a connection, a REGISTER answer) proves nothing, and the later steps never ran.",
    messages: {
      budget: 'The check\'s budget of {budget} ran out at step {step}, before the check finished: that step was cut off by the check, not answered or refused by the server, and the steps after it never ran.',
      budgetBetween: 'The check\'s budget of {budget} ran out between steps, before the check finished: the steps after that point never ran.',
    },
    remediation: {
      summary: 'Run the check again with a larger --budget.',
      steps: ['Run the same sipe-doctor check again with a larger --budget (e.g. --budget 1m).'],
      audience: 'user',
    },
    requires: ['check.stopped'],
    docs: { evidenceUsed: "`check`'s own record that its --budget timer fired, with the progress step that was running at that moment." },
  },
  check(ev) {
    const stops = ev.all('check.stopped');
    if (!stops.length) return { status: 'inconclusive', reason: 'the check was not stopped early' };
    const s = stops.find((x) => x.data.reason === 'budget');
    if (!s) return { status: 'not-applicable', reason: 'the check was interrupted by the user, not by its budget' };
    const budgetMs = s.data.budgetMs ?? s.data.elapsedMs;
    const budget = budgetMs !== undefined ? seconds(budgetMs) : 'time';
    const again = budgetMs !== undefined ? bigger(budgetMs) : '1m';
    return {
      status: 'fail',
      problems: [{
        messageId: s.data.step ? 'budget' : 'budgetBetween',
        data: { budget, ...(s.data.step ? { step: s.data.step } : {}) },
        evidence: [s],
        // a fact about this run, not proven by any answer from the deployment
        confidence: 'inferred',
        remediation: {
          summary: `Run the check again with a larger --budget (e.g. --budget ${again}).`,
          steps: [
            `Run the same sipe-doctor check again with --budget ${again}${s.data.step ? `, so that "${s.data.step}" can finish` : ''}.`,
            'If the same step runs out of time again, the server (or the network on the way) is slow or silent there: the findings of that run will say which.',
          ],
          audience: 'user',
        },
      }],
    };
  },
});
