/**
 * The whole handler in one call: parse (async), run the merchant's processing, and turn every outcome
 * into the answer WeChat Pay expects. A failed processing step gives the replay claim back before
 * answering failure, so WeChat Pay's retry is processed rather than reported as a duplicate.
 */
import { failureAnswer, successAnswer, type NotificationAnswer } from './answers';
import type { IncomingNotification, NotificationOptions } from './incoming';
import { NotificationError } from './notification-error';
import type { ParsedNotification } from './resources';

/** The answer to send, plus what happened, for logging. */
export interface HandledNotification extends NotificationAnswer {
  /** The verified notification, when parsing succeeded. */
  readonly notification?: ParsedNotification;
  /** Why the answer is not a plain success: a NotificationError, or what parsing or processing threw. */
  readonly error?: unknown;
}

export type NotificationProcessor = (notification: ParsedNotification) => unknown;

export async function handleNotification(
  parse: (incoming: IncomingNotification, options: NotificationOptions) => Promise<ParsedNotification>,
  incoming: IncomingNotification,
  options: NotificationOptions,
  process: NotificationProcessor,
): Promise<HandledNotification> {
  let notification: ParsedNotification;
  try {
    notification = await parse(incoming, options);
  } catch (error) {
    // A duplicate is answered success by its own `answer`; anything unexpected (a configuration mistake) 500.
    return { ...(error instanceof NotificationError ? error.answer : failureAnswer()), error };
  }
  try {
    await process(notification);
  } catch (error) {
    let forgetError: unknown;
    try {
      await options.replay?.forget(notification.event.id);
    } catch (reason) {
      forgetError = reason; // the retry will be reported as a duplicate: say so next to the first error
    }
    return { ...failureAnswer(), notification, error: forgetError === undefined ? error : new AggregateError([error, forgetError], 'Processing failed, then the replay claim could not be given back.') };
  }
  return { ...successAnswer(), notification };
}
