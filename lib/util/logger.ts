// Logging for every module goes through winston; modules receive a Logger, never create one
// at import time, so tests and the broker choose level and destination.
import winston from 'winston';

export type Logger = winston.Logger;

export interface LoggerOptions {
  level?: string;
  name?: string;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  return winston.createLogger({
    level,
    defaultMeta: options.name ? { component: options.name } : undefined,
    format: winston.format.combine(
      winston.format.timestamp(),
      winston.format.printf((info) => {
        const { timestamp, level: lvl, message, component, ...rest } = info;
        const extra = Object.keys(rest).length > 0 ? ' ' + JSON.stringify(rest) : '';
        const who = component ? ` [${String(component)}]` : '';
        return `${String(timestamp)} ${lvl.toUpperCase()}${who} ${String(message)}${extra}`;
      }),
    ),
    transports: [
      new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug', 'verbose', 'silly'] }),
    ],
  });
}

/** A logger that drops everything: for specs that do not inspect logs. */
export function silentLogger(): Logger {
  return winston.createLogger({ silent: true, transports: [new winston.transports.Console({ silent: true })] });
}
