/**
 * Receiving WeChat Pay notifications with Fastify 5. Inside its own plugin scope the notify route reads
 * every body as a Buffer: the signature covers the exact bytes, which the default JSON parser discards.
 * The rest of the application keeps its usual parsers.
 *
 *   npx tsx examples/notify-fastify.ts     # with no configuration: a demo that notifies itself once
 */
import Fastify from 'fastify';
import { Notification } from '../lib/notify';
import { runExample, type NotifyServer, type NotifyServerOptions } from './notify-setup';

export async function start(options: NotifyServerOptions): Promise<NotifyServer> {
  const app = Fastify();
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    scope.post('/notify', async (request, reply) => {
      // The three lines: raw body in, answer out.
      const answer = await Notification.handle({ headers: request.headers, body: request.body as Buffer }, options, options.onNotification);
      options.onAnswer?.(answer);
      return reply.code(answer.status).headers(answer.headers).send(answer.body);
    });
  });
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/notify`, close: () => app.close() };
}

if (require.main === module) void runExample(start);
