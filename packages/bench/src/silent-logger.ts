import pino from 'pino';

/** A pino logger that drops everything: conductors driven by the benchmark must not spend time logging. */
export const silentLogger = pino({ level: 'silent' });
