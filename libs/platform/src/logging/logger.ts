import { ConsoleLogger, LogLevel } from '@nestjs/common';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Structured JSON logs, one object per line (STYLE.md habit 8). */
export function createLogger(appName: string, level: string): ConsoleLogger {
  const upTo = Math.max(LEVELS.indexOf(level as LogLevel), LEVELS.indexOf('error'));
  return new ConsoleLogger(appName, { json: true, logLevels: LEVELS.slice(0, upTo + 1), colors: false });
}
