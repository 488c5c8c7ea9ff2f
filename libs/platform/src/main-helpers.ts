/** Prints a start-up failure as one line (no stack trace) and exits non-zero. */
export function exitOnStartupError(app: string): (error: unknown) => never {
  return (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${app}: ${message}\n`);
    process.exit(1);
  };
}
