import { masterCommand } from './master-cli.js';
import { serverLines, type ServerLine } from './haproxy-servers.js';

/** A server as the running worker has it (`show servers state`). */
interface LiveServer {
  /** Server name. */
  name: string;
  /** Current address. */
  host: string;
  /** Current port. */
  port: number;
  /** User weight. */
  weight: number;
  /** Admin state bits (0x01 forced maintenance). */
  admin: number;
}

/** Server admin state bit: in maintenance by the runtime API. */
const FORCED_MAINT = 0x01;

/** A plan of Runtime API commands, or why the change needs a reload instead. */
export type RuntimePlan = { ok: true; commands: string[][] } | { ok: false; reason: string };

/** Parses `show servers state BACKEND` (format 1). */
export function parseServersState(text: string): LiveServer[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((cols) => cols.length > 18 && /^\d+$/.test(cols[0] ?? ''))
    .map((cols) => ({ name: cols[3] ?? '', host: cols[4] ?? '', port: Number(cols[18]), weight: Number(cols[7]), admin: Number(cols[6]) }));
}

async function liveServers(socket: string, backend: string): Promise<LiveServer[]> {
  return parseServersState(await masterCommand(socket, `@1 show servers state ${backend}`));
}

/** Words haproxy 2.6 refuses on `add server` (or that need a resolver only the config sets up). */
const NOT_DYNAMIC = ['cookie', 'resolvers', 'init-addr'];

/**
 * Plans the Runtime API commands that turn the running servers into the new config's servers, for a
 * config whose only change is its server lines. Refuses (a reload is needed) when a kept server's
 * options changed, or a new server needs a keyword `add server` does not take (cookie, resolvers).
 * Each command group runs in order; a group stops at its first failure.
 */
export async function planServerChanges(socket: string, running: string, next: string): Promise<RuntimePlan> {
  const before = new Map(serverLines(running).map((s) => [`${s.backend}/${s.name}`, s]));
  const wanted = serverLines(next);
  const backends = [...new Set([...wanted, ...before.values()].map((s) => s.backend))];
  const commands: string[][] = [];
  for (const backend of backends) {
    const live = new Map((await liveServers(socket, backend)).map((s) => [s.name, s]));
    const desired = wanted.filter((s) => s.backend === backend);
    for (const server of desired) {
      const id = `${backend}/${server.name}`;
      const old = before.get(id);
      const now = live.get(server.name);
      if (old && old.options.join(' ') !== server.options.join(' ')) return { ok: false, reason: `the options of server ${id} changed` };
      if (!now) {
        const refused = server.options.find((w) => NOT_DYNAMIC.includes(w));
        if (refused) return { ok: false, reason: `HAProxy 2.6 cannot add server ${id} at run time ('${refused}' is not accepted on a dynamic server)` };
        commands.push(addServer(id, server));
        continue;
      }
      if (server.options.includes('resolvers') && (now.host !== server.host || now.port !== server.port)) {
        return { ok: false, reason: `server ${id} resolves a DNS name, which only the config sets up` };
      }
      const group: string[] = [];
      if (now.host !== server.host || now.port !== server.port) group.push(`set server ${id} addr ${server.host} port ${server.port}`);
      if (now.weight !== server.weight) group.push(`set server ${id} weight ${server.weight}`);
      if (now.admin & FORCED_MAINT) group.push(`set server ${id} state ready`);
      if (group.length) commands.push(group);
    }
    const keep = new Set(desired.map((s) => s.name));
    for (const server of live.values()) {
      if (keep.has(server.name)) continue;
      const id = `${backend}/${server.name}`;
      commands.push(server.admin & FORCED_MAINT ? [`del server ${id}`] : [`set server ${id} state maint`, `del server ${id}`]);
    }
  }
  return { ok: true, commands };
}

function addServer(id: string, server: ServerLine): string[] {
  const group = [`add server ${id} ${server.address} ${server.args.join(' ')}`, `enable server ${id}`];
  if (server.options.includes('check')) group.push(`enable health ${id}`);
  return group;
}

/** Answers of the Runtime API that mean a command failed (2.6 prints errors as plain text). */
function failed(command: string, answer: string): boolean {
  const text = answer.trim();
  if (command.startsWith('add server')) return !text.startsWith('New server registered');
  if (command.startsWith('del server')) return !text.startsWith('Server deleted');
  if (command.includes(' addr ')) return text !== '' && !/changed from|no need to change/.test(text);
  return text !== '';
}

/** What running a plan did: commands that succeeded, and servers left in maintenance for their live sockets. */
export interface RuntimeOutcome {
  /** Commands that succeeded, in order. */
  applied: string[];
  /** `del server` refused (live sockets remain): the server stays in maintenance, with the answer. */
  pending: { command: string; answer: string }[];
  /** The first failure other than a pending delete, if any: then the caller reloads instead. */
  error: string | null;
}

/**
 * Runs the command groups on the current worker through the master CLI (`@1`). A delete refused
 * because live sockets remain is not an error: the server stays in maintenance (no new connection
 * reaches it; its sockets live on) and a later `wsctl reload` deletes it.
 */
export async function runServerChanges(socket: string, commands: string[][]): Promise<RuntimeOutcome> {
  const outcome: RuntimeOutcome = { applied: [], pending: [], error: null };
  for (const group of commands) {
    for (const command of group) {
      const answer = await masterCommand(socket, `@1 ${command}`);
      if (!failed(command, answer)) {
        outcome.applied.push(command);
        continue;
      }
      if (command.startsWith('del server') && /connection|queue|session/i.test(answer)) {
        outcome.pending.push({ command, answer: answer.trim() });
      } else {
        outcome.error = `"${command}" failed: ${answer.trim()}`;
        return outcome;
      }
      break;
    }
  }
  return outcome;
}

/** Checks that the running servers now match the config's: address, port, weight, out of maintenance. */
export async function verifyServers(socket: string, next: string): Promise<string | null> {
  const wanted = serverLines(next);
  for (const backend of new Set(wanted.map((s) => s.backend))) {
    const live = new Map((await liveServers(socket, backend)).map((s) => [s.name, s]));
    for (const server of wanted.filter((s) => s.backend === backend)) {
      const now = live.get(server.name);
      const id = `${backend}/${server.name}`;
      if (!now) return `server ${id} is missing from the running worker`;
      if (now.port !== server.port || (now.host !== server.host && !server.options.includes('resolvers'))) return `server ${id} runs ${now.host}:${now.port}, not ${server.host}:${server.port}`;
      if (now.weight !== server.weight) return `server ${id} has weight ${now.weight}, not ${server.weight}`;
      if (now.admin & FORCED_MAINT) return `server ${id} is still in maintenance`;
    }
  }
  return null;
}
