import pino, { Logger } from 'pino';

/**
 * The server's logger. Request bodies are never logged; the redaction list is a second line of
 * defence should a credential ever end up in a logged object.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'dataroaster-api' },
      redact: {
        paths: ['password', 'token', '*.password', '*.token', 'headers.authorization', '*.headers.authorization', 'yaml', '*.yaml'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
