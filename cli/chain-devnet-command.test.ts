import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { WebSocket } from 'ws';

const BIN = fileURLToPath(new URL('../bin/rodeo.mjs', import.meta.url));

it('rodeo chain devnet prints the URL and dev accounts, serves JSON-RPC and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, [BIN, 'chain', 'devnet', '--port', '0', '--block-time', '0'], {
    env: { ...process.env, RODEO_CONFIG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let stdout = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /listening on (ws:\/\/\S+)/.exec(stdout);
        if (match && stdout.includes('press Ctrl-C')) resolve(match[1] as string);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${stdout}`)));
    });
    expect(stdout).toContain('//Alice');
    expect(stdout).toContain('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY');
    expect(stdout).toMatch(/sudo key: \/\/Alice 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY/);

    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    const reply = new Promise<string>((resolve) => socket.once('message', (data) => resolve(String(data))));
    socket.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system_chain', params: [] }));
    expect(JSON.parse(await reply)).toMatchObject({ id: 1, result: 'Rodeo Devnet' });
    socket.close();

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('devnet stopped');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
