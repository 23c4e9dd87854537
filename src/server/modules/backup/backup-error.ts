/**
 * An expected backup or restore failure (missing file, corrupt file, schema
 * mismatch). Its message is one line meant for the operator; the CLI prints
 * it as is. Not an AppError: these never travel over HTTP.
 */
export class BackupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackupError';
  }
}
