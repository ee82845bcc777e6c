import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startDroppingPort } from './drop-port.js';
import { startLab } from './index.js';

/** true when the TCP connect completes within ms */
function connects(port: number, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    const t = setTimeout(() => { s.destroy(); resolve(false); }, ms);
    s.once('connect', () => { clearTimeout(t); s.destroy(); resolve(true); });
    s.once('error', () => { clearTimeout(t); resolve(false); });
  });
}

describe('the dropping port (tcp-connect-timeout)', () => {
  it('connection attempts neither complete nor get refused', async () => {
    const p = await startDroppingPort('127.0.0.1');
    try {
      expect(await connects(p.port, 600)).toBe(false);
      expect(await connects(p.port, 600)).toBe(false);
    } finally {
      await p.stop();
    }
  });

  it('the scenario points the Server field at it; other scenarios still get a (silent) stall port', async () => {
    const lab = await startLab({ scenario: 'tcp-connect-timeout' });
    try {
      expect(lab.pidginServer).toBe(`127.0.0.1:${lab.aux.stall}`);
      expect(await connects(lab.aux.stall, 600)).toBe(false);
      expect(lab.checkArgs).toEqual(expect.arrayContaining(['--server', lab.pidginServer, '--timeout', '2000ms']));
    } finally {
      await lab.stop();
    }
  });
});
