/** A failure the CLI reports as one clear line and a non-zero exit, without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Rewrites common start-up failures into one line a person can act on. */
export function explainStartupError(err: unknown, where: { host: string; port: number }): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EADDRINUSE')
    return `port ${where.port} on ${where.host} is already in use; stop the other process or set PORT / --port`;
  if (e?.code === 'EACCES')
    return `not allowed to listen on ${where.host}:${where.port}; pick a port above 1023`;
  if (e?.code === 'EADDRNOTAVAIL')
    return `${where.host} is not an address of this machine; set HOST / --host`;
  if (e?.name === 'ConfigError') return e.message;
  return e?.message ?? String(err);
}
