/** Starts spec/helpers/transport-server-process.cjs in a child process and hands back its base URL. */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

export interface TransportServer {
  readonly origin: string;
  readonly port: number;
  close(): Promise<void>;
}

/** PEM material for an HTTPS server: its certificate and key, and the CA it checks client certificates against. */
export interface ServerTls {
  cert: string;
  key: string;
  ca: string;
}

export function startTransportServer(tls?: ServerTls): Promise<TransportServer> {
  const env = tls ? { ...process.env, TRANSPORT_SERVER_TLS: JSON.stringify(tls) } : process.env;
  const child = spawn(process.execPath, [path.join(__dirname, 'transport-server-process.cjs')], { stdio: ['pipe', 'pipe', 'inherit'], env });
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`transport server exited early (${code})`)));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const line = buffered.split('\n')[0];
      if (line === undefined || !buffered.includes('\n')) return;
      const { port } = JSON.parse(line) as { port: number };
      resolve({
        origin: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.stdin.end();
          }),
      });
    });
  });
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Byte i of the server's /bytes pattern is i % 251. */
export function pattern(n: number): Buffer {
  const bytes = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) bytes[i] = i % 251;
  return bytes;
}
