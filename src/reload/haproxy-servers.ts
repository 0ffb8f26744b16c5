/** The `server` lines of a generated haproxy.cfg, and the config without them, to tell endpoint-only changes apart. */

/** One server line of a backend. */
export interface ServerLine {
  /** Backend (proxy) name. */
  backend: string;
  /** Server name (wsctl names them BACKEND-N by position). */
  name: string;
  /** Address word as written (`ip:port` or `ipv6@ip:port`). */
  address: string;
  /** Host part of the address. */
  host: string;
  /** Port. */
  port: number;
  /** `weight` value (1 when absent). */
  weight: number;
  /** Every word after the address, as written (weight and options). */
  args: string[];
  /** The words other than the weight: options that must match for a runtime change. */
  options: string[];
}

/** Splits an address word into host and port. */
function splitAddress(word: string): { host: string; port: number } {
  const bare = word.startsWith('ipv6@') ? word.slice(5) : word;
  const colon = bare.lastIndexOf(':');
  return { host: bare.slice(0, colon), port: Number(bare.slice(colon + 1)) };
}

/** Parses every `server` line, in order, with the backend it belongs to. */
export function serverLines(config: string): ServerLine[] {
  const servers: ServerLine[] = [];
  let backend = '';
  for (const line of config.split('\n')) {
    const section = /^(backend|frontend|defaults|global|resolvers|listen|peers)\s*(\S*)/.exec(line);
    if (section) backend = section[1] === 'backend' ? (section[2] ?? '') : '';
    const words = line.trim().split(/\s+/);
    if (!backend || words[0] !== 'server' || words.length < 3) continue;
    const [, name = '', address = '', ...args] = words;
    const w = args.indexOf('weight');
    const weight = w >= 0 ? Number(args[w + 1]) : 1;
    const options = w >= 0 ? [...args.slice(0, w), ...args.slice(w + 2)] : args;
    servers.push({ backend, name, address, ...splitAddress(address), weight, args, options });
  }
  return servers;
}

/** The config with its server lines blanked: equal skeletons mean only endpoints changed. */
export function configSkeleton(config: string): string {
  return config
    .split('\n')
    .map((line) => (/^\s+server\s/.test(line) ? '    server' : line))
    .join('\n')
    .replace(/(    server\n)+/g, '    server\n');
}
