/**
 * Attack (and the breakage it hid): stream a signed response into a `sink`. The verifier hashed the empty
 * in-memory body, so every signed call with a sink failed with SIGNATURE_MISMATCH, and a tampered
 * response left its file on disk. A streamed body is now verified over the bytes written (hashed on
 * the way), and a file whose verification fails is removed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Builder, closeSyncBridge, RequestException, type BuilderChainable, type Response } from '../../lib';
import { Sandbox, SANDBOX_SEED } from '../../lib/sandbox';
import { VerificationFailure } from '../../lib/stack/verifier';
import { sandboxKeys } from '../helpers/sandbox-keys';

let sandbox: Sandbox;
let instance: BuilderChainable;
let dir: string;

beforeAll(async () => {
  sandbox = await Sandbox.start({ keys: await sandboxKeys() });
  instance = Builder.factory({ ...sandbox.clientConfig(), retry: false });
  dir = mkdtempSync(join(tmpdir(), 'wechatpay-sink-'));
});
afterAll(async () => {
  await sandbox?.stop();
  closeSyncBridge();
  rmSync(dir, { recursive: true, force: true });
});

const seedOptions = (sink: string | Writable) => ({
  openid: SANDBOX_SEED.authorizedOpenid,
  query: { appid: SANDBOX_SEED.appid, permission_type: 'INDIVIDUAL_PAYEE' },
  sink,
});
let counter = 0;
const freshFile = (): string => join(dir, `seed-${++counter}.json`);

const kinds: Array<[string, (sink: string | Writable) => Promise<Response>]> = [
  ['promise', (sink) => instance.v3.ecommerce.individualContracts._openid_.getAsync(seedOptions(sink))],
  ['sync', async (sink) => instance.v3.ecommerce.individualContracts._openid_.get(seedOptions(sink))],
];

describe.each(kinds)('a signed response streamed into a file sink (%s verb)', (_kind, call) => {
  it('verifies over the bytes written and leaves the file in place', async () => {
    const file = freshFile();
    const response = await call(file);
    expect(response.getStatusCode()).toBe(200);
    const written = readFileSync(file);
    expect(response.streamedBytes).toBe(written.length);
    expect(JSON.parse(written.toString('utf8'))).toMatchObject({ auth_state: 'AUTHORIZED', individual_auth_id: SANDBOX_SEED.authorizedIndividualAuthId });
  });

  it('refuses a response altered after signing, and removes its file', async () => {
    const file = freshFile();
    sandbox.tamperNextResponse();
    const error = await call(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RequestException);
    expect((error as RequestException).code).toBe(VerificationFailure.SIGNATURE_MISMATCH);
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a probe signature, and removes its file', async () => {
    const file = freshFile();
    sandbox.probeNextResponse();
    const error = await call(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as RequestException).code).toBe(VerificationFailure.SIGNATURE_PROBE);
    expect(existsSync(file)).toBe(false);
  });
});

describe('a signed response streamed into a Writable (promise verb)', () => {
  const collector = () => {
    const chunks: Buffer[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (chunks.push(chunk), done()) });
    return { sink, text: () => Buffer.concat(chunks).toString('utf8') };
  };

  it('verifies over the bytes the Writable received', async () => {
    const { sink, text } = collector();
    const response = await instance.v3.ecommerce.individualContracts._openid_.getAsync(seedOptions(sink));
    expect(response.getStatusCode()).toBe(200);
    expect(JSON.parse(text())).toMatchObject({ auth_state: 'AUTHORIZED' });
  });

  it('refuses a tampered response (the Writable saw bytes that the caller must discard)', async () => {
    const { sink } = collector();
    sandbox.tamperNextResponse();
    await expect(instance.v3.ecommerce.individualContracts._openid_.getAsync(seedOptions(sink))).rejects.toMatchObject({
      code: VerificationFailure.SIGNATURE_MISMATCH,
    });
  });
});
