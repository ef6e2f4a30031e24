/**
 * Starts spec/helpers/faults-server-process.cjs (a scripted misbehaving host, also a CONNECT proxy) in a
 * child process, so both verb kinds can reach it, and drives its script from the test.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { request } from 'undici';

export type FaultAction =
  | { do: 'ok' }
  | { do: 'status'; status: number; code?: string; headers?: Record<string, string> }
  | { do: 'reset' | 'stall-headers' | 'stall-body' | 'truncate' };

export interface Arrival {
  method: string;
  target: string;
  authorization: string;
  action: string;
  /** SHA-256 (hex) of the request body as received. */
  sha256: string;
}

export interface FaultServer {
  /** `http://127.0.0.1:PORT/`, ready for `base_uri`. */
  readonly baseUri: string;
  /** `http://127.0.0.1:PORT`, for `proxy`. */
  readonly origin: string;
  /** Replaces the script (and clears the arrivals). */
  script(...actions: FaultAction[]): Promise<void>;
  /** What arrived since the last call (or script), in order. */
  arrivals(): Promise<Arrival[]>;
  close(): Promise<void>;
}

export interface SigningKey {
  serial: string;
  privateKeyPem: string;
}

export function startFaultServer(name: string, signing: SigningKey): Promise<FaultServer> {
  const env = { ...process.env, FAULTS_SERVER_NAME: name, FAULTS_SERVER_KEY: signing.privateKeyPem, FAULTS_SERVER_SERIAL: signing.serial };
  const child = spawn(process.execPath, [path.join(__dirname, 'faults-server-process.cjs')], { stdio: ['pipe', 'pipe', 'inherit'], env });
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fault server ${name} exited early (${code})`)));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      if (!buffered.includes('\n')) return;
      const { port } = JSON.parse(buffered.split('\n')[0]!) as { port: number };
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        baseUri: `${origin}/`,
        origin,
        async script(...actions) {
          await request(`${origin}/__script`, { method: 'POST', body: JSON.stringify(actions) }).then((r) => r.body.dump());
        },
        async arrivals() {
          const r = await request(`${origin}/__arrivals`);
          return (await r.body.json()) as Arrival[];
        },
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
