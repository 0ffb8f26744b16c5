import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * Where probed ports come from: below the kernel's ephemeral range. A port the OS picks for listen(0)
 * comes from that range, which every outgoing connection also draws its source port from: with thousands
 * of client sockets open (the live suites, the parity runs beside them), a port probed free there is
 * often some client's source port by the time nginx or HAProxy binds it (EADDRINUSE). Below the range only
 * other probes compete, and the bind check plus this process's own record settle those.
 */
function probeRange(): { low: number; high: number } {
  let ephemeralLow = 32768;
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low !== undefined && Number.isInteger(low)) ephemeralLow = low;
  } catch {
    // not Linux: the default range
  }
  return ephemeralLow > 12_000 ? { low: 10_000, high: ephemeralLow - 1 } : { low: 1024, high: ephemeralLow - 1 };
}

const range = probeRange();
const handedOut = new Set<number>();

/** Resolves true when 127.0.0.1:port can be bound right now. */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A TCP port on 127.0.0.1 that is free right now, outside the ephemeral range, not handed out before here. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = range.low + Math.floor(Math.random() * (range.high - range.low + 1));
    if (handedOut.has(port)) continue;
    if (await bindable(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port on 127.0.0.1 in ${range.low}-${range.high} after 200 tries`);
}

/** Resolves when something accepts TCP connections on 127.0.0.1:port, or rejects after timeoutMs. */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
