/**
 * Receiving WeChat Pay notifications with `node:http` alone.
 *
 *   npx tsx examples/notify-http.ts     # with no configuration: a demo that notifies itself once
 *
 * Configured by WECHATPAY_APIV3_KEY, WECHATPAY_SERIAL and WECHATPAY_PUBLIC_KEY (a PEM file: the WeChat Pay
 * public key or a platform certificate), it serves POST /notify on PORT (default 8080) until stopped.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';
import { Notification } from '../lib/notify';
import { runExample, type NotifyServer, type NotifyServerOptions } from './notify-setup';

export async function start(options: NotifyServerOptions): Promise<NotifyServer> {
  const server = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== '/notify') return void res.writeHead(404).end();
    // The three lines: raw body in, answer out.
    const answer = await Notification.handle({ headers: req.headers, body: await buffer(req) }, options, options.onNotification);
    options.onAnswer?.(answer);
    res.writeHead(answer.status, answer.headers).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notify`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

if (require.main === module) void runExample(start);
