import { EtcdAuthenticationFailedError, EtcdPermissionDeniedError } from 'etcd3';
import { EtcdPasswordFileError } from './etcd-password.js';

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** True for an etcd answer about who the client is or what it may do: wrong credentials, missing permission, auth on one side only. */
export function isAuthFailure(error: unknown): boolean {
  return (
    error instanceof EtcdAuthenticationFailedError ||
    error instanceof EtcdPermissionDeniedError ||
    /etcdserver: (user name is empty|authentication is not enabled)/.test(message(error))
  );
}

/**
 * Why etcd cannot be used, in words an operator can act on: etcd's refusals of the credentials or of
 * the prefix name the user and the prefix; anything else is an unreachable etcd. Never holds a secret
 * (etcd's messages do not echo the password).
 */
export function explainEtcdFailure(error: unknown, where: { user?: string; root: string }): string {
  const why = message(error);
  // without --etcd-user, etcd (--client-cert-auth) takes the user name from the client certificate's CN
  const user = where.user === undefined ? 'the etcd user of the client certificate (its CN)' : `etcd user ${where.user}`;
  if (error instanceof EtcdAuthenticationFailedError) return `etcd refused the credentials of user ${where.user ?? '(none)'} (${why.replace(/^.*etcdserver: /, '')})`;
  if (error instanceof EtcdPermissionDeniedError) return `permission denied on prefix ${where.root} for ${user}: its role needs readwrite on the prefix (see docs/control-plane.md)`;
  if (/etcdserver: user name is empty/.test(why)) return 'etcd has authentication enabled: give --etcd-user and --etcd-password-file';
  if (/etcdserver: authentication is not enabled/.test(why)) return '--etcd-user is given but etcd has authentication disabled';
  if (error instanceof EtcdPasswordFileError) return why;
  return `etcd unreachable: ${why}`;
}
