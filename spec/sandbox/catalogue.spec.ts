/**
 * The whole catalogue against the sandbox, over real HTTP with real signatures: for every described
 * operation, a request built from its description (examples, made-up values, sensitive fields
 * encrypted) is accepted and answered with a reply that passes the described response schema;
 * the same request missing a required field gets PARAM_ERROR naming that field.
 */
import { createPrivateKey } from 'node:crypto';
import { Hash, signFields, type SignType } from '../../lib/crypto/hash';
import { Rsa } from '../../lib/crypto/rsa';
import type { EndpointDescription, Fields } from '../../lib/endpoints/types';
import { Transformer } from '../../lib/formats/transformer';
import { allOperations } from '../../lib/endpoints/operations';
import { routes } from '../../lib/sandbox/handlers';
import { textPartFields } from '../../lib/sandbox/form-fields';
import { checkFields } from '../../lib/sandbox/validation';
import { bodyFields } from '../../lib/sensitive/sensitive-fields';
import { Sandbox } from '../../lib/sandbox';
import { exampleRequest, isV2, sendExample, type ExampleRequest, type Merchant, type V2Exchange } from '../helpers/catalogue-requests';
import { verifyResponse, type WireExchange } from '../helpers/sandbox-wire';
import { sandboxKeys } from '../helpers/sandbox-keys';

/** Requests in flight at once: enough to keep both cores busy, few enough to stay fair to other specs. */
const CONCURRENCY = 8;
const key = (endpoint: EndpointDescription) => `${endpoint.method} ${endpoint.path}`;
/** Operations a stateful handler serves: a made-up id may meet that handler's documented "not found". */
const stateful = new Set(routes.map((route) => key(route.endpoint)));

let sandbox: Sandbox;
let merchant: Merchant;
const operations = allOperations();

beforeAll(async () => {
  // The server on its own thread: its signing and decrypting run beside the client's on a second core.
  sandbox = await Sandbox.start({ keys: await sandboxKeys() });
  merchant = { ...sandbox.clientConfig(), platformSerial: sandbox.platformSerial, platformPem: sandbox.platformPem };
});
afterAll(() => sandbox?.stop());

async function eachOperation<T>(work: (endpoint: EndpointDescription) => Promise<T>): Promise<Array<{ endpoint: EndpointDescription; result: T }>> {
  const results: Array<{ endpoint: EndpointDescription; result: T }> = [];
  let next = 0;
  const worker = async () => {
    while (next < operations.length) {
      const endpoint = operations[next++]!;
      results.push({ endpoint, result: await work(endpoint) });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return results;
}

/** What is wrong with the reply to a valid request, or `undefined` when it is right. */
function replyProblem(endpoint: EndpointDescription, exchange: WireExchange | V2Exchange): string | undefined {
  return isV2(endpoint) ? v2Problem(endpoint, exchange as V2Exchange) : v3Problem(endpoint, exchange as WireExchange);
}

function v3Problem(endpoint: EndpointDescription, exchange: WireExchange): string | undefined {
  const { response } = endpoint;
  if (exchange.status !== response.status) {
    const code = exchange.json?.code as string | undefined;
    const documented = stateful.has(key(endpoint)) && code !== 'PARAM_ERROR' && exchange.status < 500;
    return documented ? undefined : `status ${exchange.status} ${exchange.text.slice(0, 300)}`;
  }
  const signed = response.signed !== false && exchange.headers['wechatpay-signature'] !== undefined;
  if (signed && !verifyResponse(merchant, exchange)) return 'the reply signature does not verify';
  if (response.status === 204 || !response.body || exchange.json === undefined) return undefined;
  try {
    checkFields(response.body, exchange.json, { location: 'body', decrypt: (ciphertext) => Rsa.decrypt(ciphertext, createPrivateKey(merchant.privateKey)) });
  } catch (error) {
    return `reply breaks the schema: ${(error as Error).message}`;
  }
  return undefined;
}

function v2Problem(endpoint: EndpointDescription, exchange: V2Exchange): string | undefined {
  if (exchange.status !== endpoint.response.status) return `status ${exchange.status}`;
  if (exchange.status === 302) return exchange.location ? undefined : 'a redirect without a Location';
  if (!/xml/.test(exchange.contentType)) return exchange.text.length > 0 ? undefined : 'an empty file';
  const fields = Transformer.toArray(exchange.text) as Record<string, string>;
  if (fields.return_code !== 'SUCCESS' || fields.result_code !== 'SUCCESS') return `answered ${exchange.text.slice(0, 300)}`;
  const signType = (fields.sign.length === 64 ? Hash.ALGO_HMAC_SHA256 : Hash.ALGO_MD5) as SignType;
  if (signFields(fields, merchant.secret, signType) !== fields.sign) return 'the reply sign does not match';
  // The exchange fields were checked above; `x_$n` names describe x_0, x_1, ….
  const { return_code: _r, return_msg: _m, result_code: _s, sign: _g, ...described } = endpoint.response.body ?? {};
  const indexed = Object.fromEntries(Object.entries(described).map(([name, spec]) => [name.replace(/\$[a-z](?![a-z0-9])/g, '0'), spec]));
  try {
    checkFields(indexed, fields, { location: 'body', textual: true, decrypt: (text) => text });
  } catch (error) {
    return `reply breaks the schema: ${(error as Error).message}`;
  }
  return undefined;
}

/** The first required field a request can leave out (not the APIv2 exchange fields the client adds). */
function requiredField(endpoint: EndpointDescription, example: ExampleRequest): { location: 'body' | 'query'; name: string } | undefined {
  const skip = new Set(['sign', 'nonce_str', 'sign_type', 'mch_id', 'mchid']);
  const first = (fields: Fields | undefined, values: object | undefined) =>
    Object.entries(fields ?? {}).find(([name, spec]) => spec.required && !skip.has(name) && values && name in values)?.[0];
  const inBody = first(bodyFields(endpoint) ?? textPartFields(endpoint), example.body);
  if (inBody !== undefined) return { location: 'body', name: inBody };
  const inQuery = first(endpoint.query, example.query);
  return inQuery === undefined ? undefined : { location: 'query', name: inQuery };
}

describe('the sandbox answers every described operation', () => {
  it('accepts a valid example request for each and answers it as its description says', async () => {
    const results = await eachOperation(async (endpoint) => {
      const exchange = await sendExample(endpoint, exampleRequest(endpoint, merchant, stateful.has(key(endpoint))), merchant);
      return replyProblem(endpoint, exchange);
    });
    const problems = results.filter(({ result }) => result !== undefined).map(({ endpoint, result }) => `${key(endpoint)}: ${result}`);
    expect(problems).toEqual([]);
    expect(results).toHaveLength(operations.length);
  }, 240_000);

  it('refuses each request that lacks a required field with PARAM_ERROR naming the field', async () => {
    const results = await eachOperation(async (endpoint) => {
      const example = exampleRequest(endpoint, merchant);
      const missing = requiredField(endpoint, example);
      if (!missing) return { tested: false, problem: undefined };
      const values = { ...(missing.location === 'body' ? example.body : example.query) };
      delete values[missing.name];
      const broken: ExampleRequest = missing.location === 'body' ? { ...example, body: values } : { ...example, query: values as Record<string, string> };
      const exchange = await sendExample(endpoint, broken, merchant);
      let problem: string | undefined;
      if (isV2(endpoint)) {
        const fields = Transformer.toArray((exchange as V2Exchange).text) as Record<string, string>;
        if (fields.err_code !== 'PARAM_ERROR' || !fields.err_code_des?.includes(missing.name)) problem = (exchange as V2Exchange).text.slice(0, 300);
      } else {
        const { status, json } = exchange as WireExchange;
        const field = missing.location === 'body' ? `/${missing.name}` : missing.name;
        if (status !== 400 || json?.code !== 'PARAM_ERROR' || json?.detail?.field !== field || json?.detail?.location !== missing.location) {
          problem = `${missing.location} ${missing.name}: ${status} ${JSON.stringify(json).slice(0, 300)}`;
        }
      }
      return { tested: true, problem };
    });
    const problems = results.filter(({ result }) => result.problem !== undefined).map(({ endpoint, result }) => `${key(endpoint)}: ${result.problem}`);
    expect(problems).toEqual([]);
    // Nearly every operation has a required field to leave out; the rest take none.
    expect(results.filter(({ result }) => result.tested).length).toBeGreaterThan(operations.length / 2);
  }, 240_000);
});
