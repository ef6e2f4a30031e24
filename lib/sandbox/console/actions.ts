/**
 * The console's JSON API under `/sandbox/console/api/`: what the page reads (exchanges, state,
 * notifications, keys, downloads) and the actions it offers (pay as the user, close, settle a refund,
 * sign a contract, resend a notification, rotate the platform certificate), for orders and combine orders.
 */
import { closeOpenCombineOrder, closeOpenOrder, combineStateOf, settleRefund } from '../handlers';
import type { Notifier } from '../notifier';
import { WECHATPAY_RETRY_SCHEDULE } from '../notifier';
import { sandboxJsonOf } from '../sandbox-json';
import type { RefundStatus } from '../state';
import type { SandboxWorld } from '../world';
import { decodeDelivery } from './decode';
import type { ExchangeLog } from './exchange-log';
import { keysView, notificationsView, publicFiles, stateView } from './views';

/** What the console may ask of the running sandbox. */
export interface ConsoleDeps {
  readonly world: SandboxWorld;
  readonly notifier: Notifier;
  readonly notifyTimeScale: number;
  readonly keysDir?: string | undefined;
  readonly markPaid: (outTradeNo: string, options: { openid?: string }) => unknown;
  readonly markCombinePaid: (combineOutTradeNo: string, options: { openid?: string }) => unknown;
  readonly signContract: (ref: string, options: { appid?: string; openid?: string }) => unknown;
  readonly rotatePlatformCertificate: () => { serial: string };
}

export interface ApiRequest {
  readonly method: string;
  /** After `/sandbox/console/api`, e.g. `/orders/123/pay`. */
  readonly path: string;
  readonly body: Record<string, unknown>;
}

export type ApiAnswer = { readonly status: number; readonly json: unknown } | { readonly status: 200; readonly download: { name: string; text: string } };

/** A refused action: the page shows the message. */
export class ConsoleError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Routes without an id, matched before `/resource/:id/verb`. */
const FIXED_ROUTES = new Set(['POST /certificates/rotate']);

const REFUND_OUTCOMES: readonly RefundStatus[] = ['SUCCESS', 'CLOSED', 'ABNORMAL'];

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function answerConsoleApi(request: ApiRequest, deps: ConsoleDeps, exchanges: ExchangeLog): ApiAnswer {
  const { world } = deps;
  const ok = (json: unknown): ApiAnswer => ({ status: 200, json });
  const segments = request.path.split('/').slice(1).map(decodeURIComponent);
  const [resource, id, verb] = segments;
  const fixed = `${request.method} ${request.path}`;
  const route = FIXED_ROUTES.has(fixed) ? fixed : `${request.method} /${resource ?? ''}${id === undefined ? '' : '/:id'}${verb === undefined ? '' : `/${verb}`}`;

  switch (route) {
    case 'GET /exchanges':
      return ok(exchanges.summaries());
    case 'GET /exchanges/:id': {
      const exchange = exchanges.find(Number(id));
      if (!exchange) throw new ConsoleError(404, `No exchange ${id} (only the latest are kept).`);
      return ok(exchange);
    }
    case 'GET /state':
      return ok(stateView(world));
    case 'GET /notifications':
      return ok(notificationsView(deps.notifier, WECHATPAY_RETRY_SCHEDULE, deps.notifyTimeScale));
    case 'GET /keys':
      return ok(keysView(world));
    case 'GET /downloads/:id':
      return { status: 200, download: { name: id!, text: downloadable(deps, id!) } };
    case 'POST /orders/:id/pay':
      return ok(guarded(() => deps.markPaid(id!, optionsOf(request.body))));
    case 'POST /orders/:id/close':
      return ok({ trade_state: guarded(() => closeOpenOrder(world, id!)).trade_state });
    case 'POST /combine-orders/:id/pay':
      return ok(guarded(() => deps.markCombinePaid(id!, optionsOf(request.body))));
    case 'POST /combine-orders/:id/close':
      return ok({ trade_state: combineStateOf(guarded(() => closeOpenCombineOrder(world, id!))) });
    case 'POST /refunds/:id/settle': {
      const status = request.body.status as RefundStatus;
      if (!REFUND_OUTCOMES.includes(status)) throw new ConsoleError(400, `status must be one of ${REFUND_OUTCOMES.join(', ')}.`);
      return ok({ status: guarded(() => settleRefund(world, id!, status)).status });
    }
    case 'POST /contracts/:id/sign':
      return ok(guarded(() => deps.signContract(id!, optionsOf(request.body))));
    case 'POST /notifications/:id/resend':
      return ok({ state: guarded(() => deps.notifier.resendNow(id!)).state });
    case 'GET /notifications/:id/decoded': {
      const delivery = deps.notifier.deliveries.find((candidate) => candidate.id === id);
      if (!delivery) throw new ConsoleError(404, `No notification ${id}.`);
      return ok(guarded(() => decodeDelivery(delivery, world)));
    }
    case 'POST /certificates/rotate':
      if (world.mode !== 'cert') throw new ConsoleError(409, 'The sandbox runs in pubkey mode: there is no platform certificate to rotate (start it with mode cert).');
      return ok({ platform_serial: guarded(() => deps.rotatePlatformCertificate()).serial });
    default:
      throw new ConsoleError(404, `No console action ${request.method} ${request.path}.`);
  }
}

function downloadable(deps: ConsoleDeps, name: string): string {
  const { world } = deps;
  if (name === 'sandbox.json') return `${JSON.stringify(sandboxJsonOf(world.baseUri(), world.mode, world.keys, deps.keysDir), null, 2)}\n`;
  const file = publicFiles(world)[name];
  if (file === undefined) throw new ConsoleError(404, `No downloadable file ${name}: the console offers sandbox.json and public PEMs only.`);
  return file;
}

function optionsOf(body: Record<string, unknown>): { appid?: string; openid?: string } {
  const appid = text(body.appid);
  const openid = text(body.openid);
  return { ...(appid ? { appid } : {}), ...(openid ? { openid } : {}) };
}

/** Runs an action; its refusal (an order already paid, an unknown id) becomes a 409 with the reason. */
function guarded<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw new ConsoleError(409, (error as Error).message);
  }
}
