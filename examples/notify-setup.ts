/**
 * What the notify-* examples share: their options, and their command-line entry. Configured by
 * environment variables the entry serves real notifications; without them it runs a demo in which
 * the sandbox's Notifier sends one signed, encrypted notification to the example's own server.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Rsa } from '../lib/crypto/rsa';
import type { HandledNotification, NotificationOptions, NotificationProcessor } from '../lib/notify';
import { Notifier } from '../lib/sandbox/notifier';

export interface NotifyServerOptions extends NotificationOptions {
  /** The merchant's processing (mark the order paid, …); a throw answers failure so WeChat Pay retries. */
  readonly onNotification: NotificationProcessor;
  /** Sees every answer with its error, for logging. */
  readonly onAnswer?: (answer: HandledNotification) => void;
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
}

export interface NotifyServer {
  /** `http://127.0.0.1:<port>/notify` */
  readonly url: string;
  close(): Promise<void>;
}

export type StartNotifyServer = (options: NotifyServerOptions) => Promise<NotifyServer>;

const log: NotifyServerOptions['onAnswer'] = ({ status, notification, error }) =>
  console.log(`answered ${status}${notification ? ` to ${notification.event.event_type} ${notification.event.id}` : ''}${error ? `: ${String((error as Error).message ?? error)}` : ''}`);

const print: NotificationProcessor = ({ event, resource }) => console.log(`${event.event_type} (${event.summary}):`, resource);

export async function runExample(start: StartNotifyServer): Promise<void> {
  const { WECHATPAY_APIV3_KEY: apiv3Key, WECHATPAY_SERIAL: serial, WECHATPAY_PUBLIC_KEY: keyFile, PORT: port = '8080' } = process.env;
  if (apiv3Key && serial && keyFile) {
    const certs = { [serial]: Rsa.from(readFileSync(keyFile, 'utf8'), Rsa.KEY_TYPE_PUBLIC) };
    const server = await start({ certs, apiv3Key, port: Number(port), host: '0.0.0.0', onNotification: print, onAnswer: log });
    console.log(`listening: POST ${server.url.replace('127.0.0.1', `0.0.0.0`)}`);
    return;
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyId = `PUB_KEY_ID_01${randomBytes(15).toString('hex').slice(0, 30)}`;
  const demoKey = randomBytes(24).toString('base64').replace(/[+/=]/g, 'x').slice(0, 32);
  const server = await start({ certs: { [keyId]: publicKey }, apiv3Key: demoKey, onNotification: print, onAnswer: log });
  const notifier = new Notifier({ privateKey, serial: keyId, apiv3Key: demoKey, timeScale: 0.001 });
  const delivery = notifier.send({
    url: server.url,
    eventType: 'TRANSACTION.SUCCESS',
    resource: { mchid: '1900009191', appid: 'wxd678efh567hg6787', out_trade_no: 'demo-0001', trade_state: 'SUCCESS', amount: { total: 100, currency: 'CNY' } },
  });
  console.log(`demo: notification ${delivery.id} → ${server.url}: ${await delivery.settled}`, delivery.attempts);
  await notifier.stop();
  await server.close();
}
