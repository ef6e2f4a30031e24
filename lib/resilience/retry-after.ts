/** `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP date. */

/** Milliseconds the server asks us to wait, or undefined when the header is absent or unreadable. */
export function retryAfterMs(value: string, now: number = Date.now()): number | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Every HTTP-date form starts with the day's name; Date.parse alone would take '-1' as a year.
  if (!/^[A-Za-z]{3}/.test(text)) return undefined;
  const date = Date.parse(text);
  // A date in the past means "now"; anything that is neither form is ignored rather than trusted.
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
