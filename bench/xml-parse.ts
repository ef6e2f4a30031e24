/**
 * APIv2 XML parsing throughput: `Transformer.toArray` on 1 MB and 4 MB of notification-like records, and on
 * hostile 1 MB shapes that a quadratic parser would take minutes over. Medians of interleaved rounds.
 */
import { performance } from 'node:perf_hooks';
import { Transformer } from '../lib/formats/transformer';
import { NOTE, fmt, median, table } from './helpers/stats';

function records(bytes: number): string {
  const parts = ['<xml>\n'];
  for (let i = 0, size = 0; size < bytes; i++) {
    const piece =
      `<record id="${i}"><out_trade_no><![CDATA[T${i}-20240101]]></out_trade_no><total_fee>${i}</total_fee>` +
      `<attach>R&amp;D &lt;${i}&gt; 微信支付</attach><coupon><id>${i}</id><type>CASH</type></coupon></record>\n`;
    parts.push(piece);
    size += Buffer.byteLength(piece);
  }
  parts.push('</xml>');
  return parts.join('');
}

const size = 1 << 20;
const inputs: Record<string, string> = {
  '1 MB records': records(size),
  '4 MB records': records(4 * size),
  '1 MB &amp; run': `<xml><a>${'&amp;'.repeat(size / 5)}</a></xml>`,
  '1 MB ] run': `<xml><a>${']'.repeat(size)}</a></xml>`,
  '1 MB comments': `<xml>${'<!-- - -->'.repeat(size / 10)}</xml>`,
  '1 MB attributes': `<xml><a ${Array.from({ length: size / 16 }, (_, i) => `a${i}="${i}"`).join(' ')}/></xml>`,
  '1 MB siblings': `<xml>${'<a/>'.repeat(size / 4)}</xml>`,
};

const rounds = 7;
const times = new Map<string, number[]>(Object.keys(inputs).map((name) => [name, []]));
for (const xml of Object.values(inputs)) Transformer.toArray(xml);
for (let round = 0; round < rounds; round++) {
  for (const [name, xml] of Object.entries(inputs)) {
    const started = performance.now();
    Transformer.toArray(xml);
    times.get(name)!.push(performance.now() - started);
  }
}

console.log(NOTE);
console.log(
  table(
    [...times].map(([input, ms]) => ({
      input,
      'median ms': fmt(median(ms), 1),
      'min–max ms': `${fmt(Math.min(...ms), 1)}–${fmt(Math.max(...ms), 1)}`,
    })),
  ),
);
