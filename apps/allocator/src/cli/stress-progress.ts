import type { StressProgress } from '@imc/domain';

/**
 * Progress on stderr: on a terminal, one bar redrawn in place; otherwise (a CI log, a pipe) a plain
 * line at each tenth of the work and at each phase, so a log is not flooded with redraws.
 */
export function progressPrinter(stream: NodeJS.WriteStream, now: () => number = Date.now): { update(p: StressProgress): void; finish(): void } {
  const started = now();
  const tty = stream.isTTY === true;
  let lastTenth = -1;
  let lastPhase: StressProgress['phase'] | undefined;
  let drawn = false;
  const label = (p: StressProgress) => (p.phase === 'samples' ? 'samples' : 'pre-clearance re-runs');
  return {
    update(p) {
      const fraction = p.total === 0 ? 1 : p.done / p.total;
      const seconds = ((now() - started) / 1000).toFixed(1);
      if (tty) {
        const width = 30;
        const full = Math.round(fraction * width);
        stream.write(`\r[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${p.done}/${p.total} ${label(p)} ${seconds} s `);
        drawn = true;
        return;
      }
      const tenth = Math.floor(fraction * 10);
      if (tenth === lastTenth && p.phase === lastPhase) return;
      lastTenth = tenth;
      lastPhase = p.phase;
      stream.write(`stress: ${p.done}/${p.total} (${label(p)}) ${seconds} s\n`);
    },
    finish() {
      if (tty && drawn) stream.write('\n');
    },
  };
}
