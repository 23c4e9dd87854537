import { Socket } from 'node:net';

/** Milliseconds to open a TCP connection to ip:port, or null when it fails within `timeoutMs`. */
export function tcpPing(ip: string, port: number, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = new Socket();
    const done = (value: number | null) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.once('error', () => done(null));
    socket.connect(port, ip, () => done(performance.now() - started));
  });
}
