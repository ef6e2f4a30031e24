/**
 * A Native order's `code_url` as a QR code, drawn on the server as SVG so the page loads nothing.
 * qrcode-generator (MIT, no dependencies) encodes it: QR's Reed-Solomon and masking rules are exacting
 * to get right, and that library is the long-standing reference implementation in JavaScript. It is a
 * dev dependency: `scripts/build.mjs` bundles it into this module's built file, so the package's runtime
 * dependencies stay undici and node-forge.
 */
import qrcode from 'qrcode-generator';

export function qrSvg(text: string): string {
  const code = qrcode(0, 'M');
  code.addData(text, 'Byte');
  code.make();
  return code.createSvgTag({ cellSize: 4, margin: 4, scalable: true });
}
