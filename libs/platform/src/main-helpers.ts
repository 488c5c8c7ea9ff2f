import { errorMessage } from '@imc/contracts';
/** Prints a start-up failure as one line (no stack trace) and exits non-zero. */
export function exitOnStartupError(app: string): (error: unknown) => never {
  return (error: unknown) => {
    const message = errorMessage(error);
    process.stderr.write(`${app}: ${message}\n`);
    process.exit(1);
  };
}

/**
 * A graceful shutdown that cannot finish (the broker is gone, a flush never returns) must not
 * keep the process alive: after the grace period the process exits anyway.
 */
export function boundShutdown(app: string, graceMs = 10_000): void {
  const arm = (signal: NodeJS.Signals): void => {
    process.once(signal, () => {
      setTimeout(() => {
        process.stderr.write(`${app}: shutdown took longer than ${graceMs / 1000} s, exiting\n`);
        process.exit(1);
      }, graceMs).unref();
    });
  };
  arm('SIGTERM');
  arm('SIGINT');
}
