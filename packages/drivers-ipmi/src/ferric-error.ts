// Temporary stand-in until @ferric/core lands; replaced by a re-export.
export class FerricError extends Error {
  readonly code: string;
  constructor(message: string, options?: { code?: string; cause?: unknown }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = new.target.name;
    this.code = options?.code ?? 'FERRIC_ERROR';
  }
}
