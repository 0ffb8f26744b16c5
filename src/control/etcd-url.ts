/** Where an etcd store lives: the client endpoints and the key prefix under which wsctl keeps its keys. */
export interface EtcdLocation {
  /** Client URLs, e.g. http://127.0.0.1:2379, or https://... for etcds:// (etcd --listen-client-urls https://... with --cert-file). */
  hosts: string[];
  /** True for etcds://: TLS to every endpoint. */
  tls: boolean;
  /** Key prefix without a trailing slash, e.g. /wsctl. */
  prefix: string;
}

const HOST_PORT = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):([0-9]{1,5})$/;
const PREFIX = /^(\/[A-Za-z0-9_.-]+)+$/;

/**
 * Parses `etcd://HOST:PORT[,HOST:PORT...][/PREFIX]`, or `etcds://...` for TLS (the prefix defaults to
 * /wsctl, so several wsctl installations can share one etcd under different prefixes). Throws with the
 * expected form.
 */
export function parseEtcdUrl(text: string): EtcdLocation {
  // user:password@ would put the password in argv (ps) and in error messages: refuse it without echoing the URL
  if (text.includes('@')) {
    throw new Error('--store must not hold credentials (etcd://USER:PASSWORD@...): give --etcd-user NAME and --etcd-password-file FILE (or WSCTL_ETCD_USER / WSCTL_ETCD_PASSWORD_FILE)');
  }
  const match = /^etcd(s?):\/\/([^/]+)(\/.*)?$/.exec(text);
  const form = `--store must be etcd://HOST:PORT[,HOST:PORT...][/PREFIX] (etcds:// for TLS), got ${JSON.stringify(text)}`;
  if (!match?.[2]) throw new Error(form);
  const tls = match[1] === 's';
  const endpoints = match[2].split(',');
  for (const endpoint of endpoints) {
    const port = Number(HOST_PORT.exec(endpoint)?.[1]);
    if (!(port >= 1 && port <= 65535)) throw new Error(`${form} (bad endpoint ${JSON.stringify(endpoint)})`);
  }
  const prefix = (match[3] ?? '/wsctl').replace(/\/$/, '');
  if (!PREFIX.test(prefix)) throw new Error(`${form} (the prefix may hold letters, digits, / _ . - only)`);
  return { hosts: endpoints.map((e) => `${tls ? 'https' : 'http'}://${e}`), tls, prefix };
}
