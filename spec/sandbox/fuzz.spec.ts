/**
 * Seeded fuzzing of what a hostile client controls: the `Authorization` header, signed request bodies
 * and hook ids and bodies. The input is random but reproducible (a fixed-seed PRNG; a failure names its
 * seed and case). Whatever arrives, the sandbox answers below 500, keeps serving, and `stop()` settles.
 */
import { Sandbox, SANDBOX_SEED } from '../../lib/sandbox';
import { sandboxKeys } from '../helpers/sandbox-keys';
import { authorizationHeader, nowSeconds, send, signRequest, type WireConfig, type WireExchange } from '../helpers/sandbox-wire';

const SEED = 0x5eed_2026;
const CASES_PER_KIND = 120;

/** mulberry32: a tiny deterministic PRNG, so every run sends the same inputs. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = ReturnType<typeof prng>;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const integer = (random: Random, below: number): number => Math.floor(random() * below);

const PRINTABLE = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~';
const TRICKY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'appid', 'mchid', 'amount', 'total', 'out_trade_no', 'payer', 'openid'];

function text(random: Random, maxLength: number, alphabet = PRINTABLE): string {
  let out = '';
  for (let length = integer(random, maxLength); length > 0; length--) out += alphabet[integer(random, alphabet.length)];
  return out;
}

/** Any JSON value, occasionally nested far beyond the sandbox's bound. */
function jsonValue(random: Random, depth: number): unknown {
  const roll = random();
  if (depth > 0 && roll < 0.3) {
    const object: Record<string, unknown> = {};
    for (let count = integer(random, 5); count > 0; count--) {
      Object.defineProperty(object, random() < 0.5 ? pick(random, TRICKY_KEYS) : text(random, 8), {
        value: jsonValue(random, depth - 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return object;
  }
  if (depth > 0 && roll < 0.45) return Array.from({ length: integer(random, 4) }, () => jsonValue(random, depth - 1));
  return pick(random, [
    () => text(random, 40),
    () => integer(random, 2 ** 31) - 2 ** 30,
    () => random() * 1e300,
    () => random() < 0.5,
    () => null,
    () => '\u0000\ud800 ﻿',
    () => 'x'.repeat(integer(random, 70_000)),
  ])();
}

function body(random: Random): string {
  const roll = random();
  if (roll < 0.1) return `${'['.repeat(1 + integer(random, 50_000))}`;
  if (roll < 0.2) return text(random, 200);
  if (roll < 0.3) {
    const depth = 1 + integer(random, 5_000);
    return `{"attach":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
  }
  const value = jsonValue(random, 1 + integer(random, 6));
  return JSON.stringify(random() < 0.8 && (value === null || typeof value !== 'object') ? { amount: value } : value) ?? 'null';
}

function mutate(random: Random, header: string): string {
  let out = header;
  for (let edits = 1 + integer(random, 4); edits > 0; edits--) {
    const at = integer(random, out.length + 1);
    const roll = random();
    if (roll < 0.3) out = out.slice(0, at) + out.slice(at + 1 + integer(random, 20));
    else if (roll < 0.6) out = out.slice(0, at) + text(random, 12, '",=\\ ') + out.slice(at);
    else if (roll < 0.8) out = out.slice(0, at) + text(random, 30) + out.slice(at);
    else out = `${out},${pick(random, ['mchid', 'signature', 'timestamp', 'nonce_str', 'serial_no', '__proto__'])}="${text(random, 20)}"`;
  }
  return out;
}

const BODY_TARGETS = [
  '/v3/pay/transactions/jsapi',
  '/v3/pay/transactions/native',
  '/v3/refund/domestic/refunds',
  '/v3/ecommerce/individual-contracts/pre-entrust-sign/app',
  '/v3/combine-transactions/app',
];

describe('sandbox fuzzing (seeded)', () => {
  let sandbox: Sandbox;
  let config: WireConfig;
  const random = prng(SEED);

  beforeAll(async () => {
    sandbox = await Sandbox.start({ keys: await sandboxKeys() });
    config = sandbox.clientConfig();
  });
  afterAll(async () => {
    // stop() must settle whatever the fuzzing did.
    const stopped = await Promise.race([
      sandbox.stop().then(() => 'settled'),
      new Promise((done) => setTimeout(() => done('pending'), 15_000).unref()),
    ]);
    expect(stopped).toBe('settled');
  });

  const failures: string[] = [];
  const expectBelow500 = (kind: string, index: number, status: number, input: string): void => {
    if (status >= 500) failures.push(`${kind} #${index} (seed ${SEED}) answered ${status}: ${input.slice(0, 200)}`);
  };

  const stillServing = async (): Promise<void> => {
    const seed = await send(config, 'GET', `/v3/ecommerce/individual-contracts/${SANDBOX_SEED.authorizedOpenid}?appid=${SANDBOX_SEED.appid}&permission_type=INDIVIDUAL_PAYEE`);
    expect(seed.status).toBe(200);
    expect(seed.json.auth_state).toBe('AUTHORIZED');
  };

  it('Authorization headers: every mutation of a valid header answers 4xx (or 2xx), never 5xx', async () => {
    const target = `/v3/ecommerce/individual-contracts/${SANDBOX_SEED.authorizedOpenid}?appid=${SANDBOX_SEED.appid}&permission_type=INDIVIDUAL_PAYEE`;
    for (let index = 0; index < CASES_PER_KIND; index++) {
      const timestamp = nowSeconds();
      const nonce = `N${index}${text(random, 10, 'ABCDEF0123456789')}`;
      const valid = authorizationHeader({
        mchid: config.mchid,
        nonce_str: nonce,
        timestamp: String(timestamp),
        serial_no: config.serial,
        signature: signRequest(config.privateKey, 'GET', target, timestamp, nonce, ''),
      });
      const authorization = mutate(random, valid);
      const answer: WireExchange = await send(config, 'GET', target, { authorization });
      expectBelow500('authorization', index, answer.status, authorization);
    }
    expect(failures).toEqual([]);
    await stillServing();
  }, 30_000);

  it('signed request bodies: random, malformed and over-deep JSON answers 4xx (or 2xx), never 5xx', async () => {
    for (let index = 0; index < CASES_PER_KIND; index++) {
      const target = pick(random, BODY_TARGETS);
      const payload = body(random);
      const answer = await send(config, 'POST', target, { body: payload, headers: { 'content-type': 'application/json' } });
      expectBelow500('body', index, answer.status, `${target} ${payload}`);
    }
    expect(failures).toEqual([]);
    await stillServing();
  }, 30_000);

  it('hook ids and hook bodies: never 5xx, and the prototype-named ids stay harmless', async () => {
    const idAlphabet = `${PRINTABLE}%`;
    for (let index = 0; index < CASES_PER_KIND; index++) {
      const id = random() < 0.3 ? pick(random, TRICKY_KEYS) : encodeURIComponent(text(random, 80, idAlphabet));
      const hook = pick(random, ['contracts', 'orders']) === 'contracts' ? `sandbox/contracts/${id}/sign` : `sandbox/orders/${id}/pay`;
      const response = await fetch(new URL(hook, config.base_uri), { method: 'POST', body: body(random) });
      await response.arrayBuffer();
      expectBelow500('hook', index, response.status, hook);
    }
    expect(failures).toEqual([]);
    await stillServing();
    // An application nobody signed still reads UNAUTHORIZED after every `__proto__`/`constructor` hook above.
    const outContractCode = `FUZZ${Date.now().toString(36)}`;
    await send(config, 'POST', '/v3/ecommerce/individual-contracts/pre-entrust-sign/app', { json: { appid: SANDBOX_SEED.appid, out_contract_code: outContractCode } });
    const application = await send(config, 'GET', `/v3/ecommerce/individual-contracts/out-contract-code/${outContractCode}?appid=${SANDBOX_SEED.appid}`);
    expect(application.json.auth_state).toBe('UNAUTHORIZED');
  }, 30_000);
});
