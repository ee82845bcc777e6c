import { describe, expect, it } from 'vitest';
import type { EnvironmentData } from '../../env/interpret.js';
import { runningWithProfile } from './collect.js';

const env = (clients: EnvironmentData['runningClients']): EnvironmentData => ({ runningClients: clients }) as EnvironmentData;
const args = (table: Record<number, string[] | undefined>) => async (pid: number): Promise<string[] | undefined> => table[pid];

describe('runningWithProfile: is the user\'s own Pidgin running with this profile?', () => {
  it('a Pidgin with the default profile of this HOME: yes, with what to do', async () => {
    const why = await runningWithProfile(env([{ name: 'pidgin', pid: 10, profileDir: '/home/a/.purple', profileDirFrom: 'default' }]), '/home/a/.purple', args({ 10: ['pidgin'] }));
    expect(why).toMatch(/^pidgin \(pid 10\) is running with \/home\/a\/\.purple; .*Quit it/);
  });

  it('a client with another profile (-c), e.g. a throw-away run: no', async () => {
    const clients = env([{ name: 'finch', pid: 11, profileDir: '/tmp/x/purple', profileDirFrom: 'option' }]);
    expect(await runningWithProfile(clients, '/home/a/.purple', args({ 11: ['finch', '-c', '/tmp/x/purple', '-d'] }))).toBeUndefined();
  });

  it('a client that has exited since (or is a zombie: no command line): no', async () => {
    const clients = env([{ name: 'finch', pid: 12, profileDir: '/home/a/.purple', profileDirFrom: 'default' }]);
    const why = await runningWithProfile(clients, '/home/a/.purple', args({}));
    if (process.platform === 'linux') expect(why).toBeUndefined();
  });

  it('a client whose profile cannot be told: assumed to be the user\'s', async () => {
    expect(await runningWithProfile(env([{ name: 'pidgin', pid: 13, profileDirFrom: 'unknown' }]), '/home/a/.purple', args({ 13: ['pidgin'] }))).toMatch(/pid 13/);
  });

  it('nothing running, or not known: no', async () => {
    expect(await runningWithProfile(env([]), '/home/a/.purple', args({}))).toBeUndefined();
    expect(await runningWithProfile(undefined, '/home/a/.purple', args({}))).toBeUndefined();
  });
});
