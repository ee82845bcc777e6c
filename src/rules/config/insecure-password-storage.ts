import { defineRule, type Problem } from '../types.js';
import { accountName } from './shared.js';

const octal = (mode: number): string => `0${(mode & 0o777).toString(8).padStart(3, '0')}`;

export default defineRule({
  meta: {
    id: 'config/insecure-password-storage',
    category: 'config',
    rootCause: 'insecure-password-storage',
    severity: 'warning',
    title: 'Stored password is readable only by its owner',
    failureTitle: 'Clear-text password in a file others can read',
    description:
      'libpurple stores a remembered password in clear text in accounts.xml and relies on the file being owner-only (mode 0600). ' +
      'When group or others can read the file, any local user can read the password.',
    messages: {
      readable: 'The password of {account} is stored in clear text in {file}, whose mode {mode} lets {who} read it.',
    },
    remediation: {
      summary: 'Make accounts.xml readable by you only: chmod 600 {file}.',
      steps: [
        'Run: chmod 600 {file}',
        'Also check backups and copies of the .purple folder.',
        'To avoid the clear-text copy altogether, untick "Remember password" (Pidgin asks at sign-in) or use a keyring plugin such as pidgin-gnome-keyring.',
      ],
      audience: 'user',
    },
    requires: ['client.account'],
    docs: { evidenceUsed: 'Whether accounts.xml holds a password, and the file\'s permission bits (config reader only).' },
  },
  check(ev) {
    const accounts = ev.all('client.account');
    const stored = accounts.filter((a) => a.data.hasPassword === true);
    if (stored.length === 0) {
      return accounts.some((a) => a.data.hasPassword === false) ? { status: 'pass' } : { status: 'inconclusive', reason: 'whether a password is stored is not known' };
    }
    const withMode = stored.filter((a) => a.data.fileMode !== undefined);
    if (withMode.length === 0) return { status: 'not-applicable', reason: 'the file permissions are not known (only the accounts.xml reader on Unix sees them)' };
    const problems: Problem<'readable'>[] = [];
    for (const a of withMode) {
      const mode = a.data.fileMode ?? 0;
      if ((mode & 0o077) === 0) continue;
      const who = mode & 0o007 ? 'every local user' : 'members of the file\'s group';
      problems.push({
        messageId: 'readable',
        data: { account: accountName(a), file: a.source.type === 'config' ? a.source.file : 'accounts.xml', mode: octal(mode), who },
        evidence: [a],
        confidence: 'confirmed',
      });
    }
    return problems.length ? { status: 'fail', problems } : { status: 'pass' };
  },
});
