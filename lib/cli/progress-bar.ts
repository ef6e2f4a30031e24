/** A one-line progress bar on stderr: redrawn in place on a terminal, a single final line otherwise. */
import type { CommandIo } from './io';

const WIDTH = 30;

export function progressBar(io: CommandIo, label: string): (done: number, total: number) => void {
  let lastPercent = -1;
  return (done, total) => {
    const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
    const finished = done >= total;
    if (percent === lastPercent && !finished) return;
    lastPercent = percent;
    const filled = Math.round((percent / 100) * WIDTH);
    const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(percent).padStart(3)}% ${size(done)}/${size(total)}`;
    if (io.interactive) io.stderr(`\r${line}${finished ? '\n' : ''}`);
    else if (finished) io.stderr(`${line}\n`);
  };
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
