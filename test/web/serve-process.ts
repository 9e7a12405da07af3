// Starts and stops `hotline serve` as a child process for browser tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

const cli = 'bin/hotline.js';

/** Runs the hotline CLI to completion; throws with its stderr on failure. */
export async function runCli(args: string[], input = ''): Promise<string> {
  const child = spawn(process.execPath, [cli, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  child.stdin.end(input);
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) {
    throw new Error(`hotline ${args.join(' ')} exited ${code}: ${errors}`);
  }
  return output;
}

/** Asks the kernel for a free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  await once(probe, 'close');
  if (address === null || typeof address === 'string') {
    throw new Error('failed to read the port of the probe socket');
  }
  return address.port;
}

/**
 * Starts `hotline serve` on a free port of 127.0.0.1 and waits until
 * `/api/auth/me` responds, for at most `timeoutMs`.
 */
export async function startServer(
  database: string,
  timeoutMs = 30_000,
): Promise<{ child: ChildProcess; baseUrl: string }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--db', database, '--port', String(port), '--host',
      '127.0.0.1'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`hotline serve exited ${child.exitCode}: ${log}`);
    }
    try {
      await fetch(`${baseUrl}/api/auth/me`);
      return { child, baseUrl };
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  await stopServer(child);
  throw new Error(`hotline serve did not start in ${timeoutMs} ms: ${log}`);
}

/** Stops the server by its PID: SIGTERM, then SIGKILL after 5 s. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
