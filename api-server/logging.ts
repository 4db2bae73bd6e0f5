import pino, { Logger } from 'pino';

/**
 * The server's logger: one JSON object per line on stdout, with the level as its name (`"level":"info"`)
 * and the time in ISO 8601 (`"time":"2026-11-27T13:00:00.000Z"`), so log tools and people read the
 * same line. Request bodies are never logged; the redaction list is a second line of defence should
 * a credential ever end up in a logged object.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'dataroaster-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: ['password', 'token', '*.password', '*.token', 'headers.authorization', '*.headers.authorization', 'yaml', '*.yaml'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
