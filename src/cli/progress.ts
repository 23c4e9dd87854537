import cliProgress from 'cli-progress';

/** A progress display for long work; updates are cheap and safe to call often. */
export interface Progress {
  update: (done: number, total: number) => void;
  stop: () => void;
}

/**
 * A bar on stderr when a person is watching (stderr is a TTY), otherwise
 * nothing: logs and pipes should get the final summary line, not redraws.
 */
export function createProgress(
  label: string,
  unit: string,
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (!stream.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit}`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
