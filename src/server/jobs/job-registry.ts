import type { AnyJobDefinition } from './define-job.ts';

/** Job definitions by name: what a worker on this node knows how to run. */
export class JobRegistry {
  private readonly byName = new Map<string, AnyJobDefinition>();

  /** Adds `def`; registering the same object twice is harmless, a different one under a taken name throws. */
  register(def: AnyJobDefinition): void {
    const existing = this.byName.get(def.name);
    if (existing && existing !== def) throw new Error(`another job is already registered as ${def.name}`);
    this.byName.set(def.name, def);
  }

  get(name: string): AnyJobDefinition | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}

/**
 * The process-wide registry the worker uses by default. Definitions are code,
 * like routes, so one shared registry is fine; tests that want isolation pass
 * their own JobRegistry to the worker instead.
 */
export const jobRegistry = new JobRegistry();

/** Registers a definition with the default registry and returns it, for `export const x = registerJob(defineJob(...))`. */
export function registerJob<D extends AnyJobDefinition>(def: D): D {
  jobRegistry.register(def);
  return def;
}
