/**
 * Receiving WeChat Pay notifications with Express 5. The route takes the body raw (`express.raw`): the
 * signature covers the exact bytes, which `express.json()` would parse away.
 *
 *   npx tsx examples/notify-express.ts     # with no configuration: a demo that notifies itself once
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Notification } from '../lib/notify';
import { runExample, type NotifyServer, type NotifyServerOptions } from './notify-setup';

export async function start(options: NotifyServerOptions): Promise<NotifyServer> {
  const app = express();
  app.post('/notify', express.raw({ type: '*/*' }), async (req, res) => {
    // The three lines: raw body in, answer out. (Without a body, express.raw leaves `req.body` undefined: refused as BODY.)
    const answer = await Notification.handle({ headers: req.headers, body: req.body }, options, options.onNotification);
    options.onAnswer?.(answer);
    res.status(answer.status).set(answer.headers).send(answer.body);
  });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const listening = app.listen(options.port ?? 0, options.host ?? '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve(listening)));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notify`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

if (require.main === module) void runExample(start);
