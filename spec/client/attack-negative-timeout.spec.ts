/**
 * Issue #13, defect 1 — timeouts that switch every timeout off. A per-call `timeout` of -1, -0.5 or NaN
 * used to disable all timeouts (both verb kinds hung; a synchronous verb blocked its thread for good), and
 * one past 2³¹−1 ms overflowed Node's timer so that every call failed after a few ms. The per-call path now
 * refuses exactly what the config refuses: an InvalidArgumentException naming the option, nothing sent.
 */
import { Builder, InvalidArgumentException } from '../../lib';
import { MAX_TIMEOUT_SECONDS } from '../../lib/client/timeouts';
import { withV3Server } from '../helpers/v3-server';

const v3 = withV3Server();
// A server that never answers: a switched-off timeout would hang the call instead of refusing it.
beforeAll(() => v3.server.scenario({ name: 'never' }));

const hostile: Array<[string, number]> = [
  ['-1', -1],
  ['-0.5', -0.5],
  ['NaN', NaN],
  ['-Infinity', -Infinity],
  ['Infinity', Infinity],
  ['past the 2³¹−1 ms timer', MAX_TIMEOUT_SECONDS + 0.001],
  ['2³¹ ms', 2 ** 31 / 1000],
];

describe.each(['timeout', 'connect_timeout', 'read_timeout'])('a per-call `%s`', (option) => {
  it.each(hostile)('of %s is refused under both verb kinds, nothing sent', async (_, value) => {
    const options = { id: 'T', [option]: value };
    await expect(v3.instance.v3.x._id_.getAsync(options)).rejects.toThrow(InvalidArgumentException);
    await expect(v3.instance.v3.x._id_.getAsync(options)).rejects.toThrow(new RegExp(`\`${option}\` must be a number of seconds from 0`));
    expect(() => v3.instance.v3.x._id_.get(options)).toThrow(InvalidArgumentException);
    expect(await v3.server.requests()).toEqual([]);
  }, 15_000);
});

it.each(hostile)('the client config refuses `timeout` %s the same way', (_, timeout) => {
  expect(() => Builder.factory({ ...v3.server.config, timeout })).toThrow(/`timeout` must be a number of seconds from 0/);
});

it('the largest timer Node holds is accepted, and 0 still means no limit', async () => {
  expect(() => Builder.factory({ ...v3.server.config, timeout: MAX_TIMEOUT_SECONDS })).not.toThrow();
  expect(() => Builder.factory({ ...v3.server.config, timeout: 0 })).not.toThrow();
  // A tiny positive value is a limit (rounded up to 1 ms), never "none".
  await expect(v3.instance.v3.x._id_.getAsync({ id: 'T', timeout: 0.0001 })).rejects.toThrow(/no complete response within 1 ms/);
  await v3.server.requests();
});

it('a per-call `delay` past the timer range is refused too', async () => {
  await expect(v3.instance.v3.x._id_.getAsync({ id: 'T', delay: 2 ** 31 })).rejects.toThrow(/`delay` must be a number of milliseconds/);
  await expect(v3.instance.v3.x._id_.getAsync({ id: 'T', delay: -1 })).rejects.toThrow(InvalidArgumentException);
  expect(await v3.server.requests()).toEqual([]);
});
