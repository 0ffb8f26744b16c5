import { EtcdAuthenticationFailedError, EtcdPermissionDeniedError } from 'etcd3';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainEtcdFailure } from '../../../src/control/etcd-errors.js';
import { etcdKeys } from '../../../src/control/etcd-keys.js';
import { readEtcdPassword } from '../../../src/control/etcd-password.js';
import { parseEtcdUrl } from '../../../src/control/etcd-url.js';
import { KeyMirror } from '../../../src/control/key-mirror.js';

describe('the etcd store URL', () => {
  it('takes several endpoints and an optional key prefix', () => {
    expect(parseEtcdUrl('etcd://127.0.0.1:2379')).toEqual({ hosts: ['http://127.0.0.1:2379'], tls: false, prefix: '/wsctl' });
    expect(parseEtcdUrl('etcd://a.internal:2379,[::1]:2380/prod/wsctl/')).toEqual({ hosts: ['http://a.internal:2379', 'http://[::1]:2380'], tls: false, prefix: '/prod/wsctl' });
    expect(parseEtcdUrl('etcds://a:2379,b:2379')).toEqual({ hosts: ['https://a:2379', 'https://b:2379'], tls: true, prefix: '/wsctl' });
  });

  it('refuses anything else, naming the expected form', () => {
    for (const bad of ['http://127.0.0.1:2379', 'etcdss://h:1', 'etcd://127.0.0.1', 'etcd://h:99999', 'etcd://h:2379/a b', 'etcd://h:2379/x\ny', 'etcd://']) {
      expect(() => parseEtcdUrl(bad)).toThrow(/etcd:\/\/HOST:PORT/);
    }
  });
});

describe('credentials for etcd', () => {
  it('are refused in the URL, without echoing the password', () => {
    for (const url of ['etcd://wsctl:s3cret@127.0.0.1:2379', 'etcds://wsctl:s3/cret@h:2379/p', 'etcd://s3cret@h:1']) {
      expect(() => parseEtcdUrl(url)).toThrow(/must not hold credentials.*--etcd-user NAME and --etcd-password-file FILE/);
      try {
        parseEtcdUrl(url);
      } catch (error) {
        expect(String(error)).not.toContain('s3');
      }
    }
  });

  it('come from a password file without its trailing newline, refused when others may read it or it is empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsctl-etcd-password-'));
    const file = (name: string, content: string, mode: number): string => {
      const path = join(dir, name);
      writeFileSync(path, content);
      chmodSync(path, mode);
      return path;
    };
    expect(readEtcdPassword(file('lf', 'pa ss\n', 0o600))).toBe('pa ss');
    expect(readEtcdPassword(file('crlf', 'pass\r\n', 0o640))).toBe('pass');
    expect(readEtcdPassword(file('two', 'pass\n\n', 0o400))).toBe('pass\n');
    expect(() => readEtcdPassword(file('open', 'secret-value\n', 0o604))).toThrow(/accessible to other users \(mode 0604\): chmod 600/);
    expect(() => readEtcdPassword(file('empty', '\n', 0o600))).toThrow(/is empty/);
    expect(() => readEtcdPassword(join(dir, 'missing'))).toThrow(/cannot read the etcd password file/);
    expect(() => readEtcdPassword(file('open2', 'secret-value', 0o666))).not.toThrow(/secret-value/);
  });

  it('failures are explained with the user and the prefix, the rest is an unreachable etcd', () => {
    const where = { user: 'wsctl', root: '/wsctl/' };
    expect(explainEtcdFailure(new EtcdAuthenticationFailedError('3 INVALID_ARGUMENT: etcdserver: authentication failed, invalid user ID or password'), where)).toBe('etcd refused the credentials of user wsctl (authentication failed, invalid user ID or password)');
    expect(explainEtcdFailure(new EtcdPermissionDeniedError('7 PERMISSION_DENIED: etcdserver: permission denied'), where)).toMatch(/^permission denied on prefix \/wsctl\/ for etcd user wsctl: its role needs readwrite/);
    expect(explainEtcdFailure(new EtcdPermissionDeniedError('7 PERMISSION_DENIED: etcdserver: permission denied'), { root: '/team-a/' })).toMatch(/^permission denied on prefix \/team-a\/ for the etcd user of the client certificate \(its CN\)/);
    expect(explainEtcdFailure(new Error('3 INVALID_ARGUMENT: etcdserver: user name is empty'), { root: '/wsctl/' })).toBe('etcd has authentication enabled: give --etcd-user and --etcd-password-file');
    expect(explainEtcdFailure(new Error('9 FAILED_PRECONDITION: etcdserver: authentication is not enabled'), where)).toBe('--etcd-user is given but etcd has authentication disabled');
    expect(explainEtcdFailure(new Error('14 UNAVAILABLE: No connection established'), where)).toBe('etcd unreachable: 14 UNAVAILABLE: No connection established');
  });
});

describe('the etcd key layout', () => {
  it('maps records and bundles both ways, and nothing else', () => {
    const keys = etcdKeys('/wsctl');
    expect([keys.record('chat'), keys.bundle('chat', 'abc123'), keys.bundles('chat')]).toEqual(['/wsctl/gateways/chat', '/wsctl/bundles/chat/abc123', '/wsctl/bundles/chat/']);
    expect(keys.parse('/wsctl/gateways/chat')).toEqual({ kind: 'record', name: 'chat' });
    expect(keys.parse('/wsctl/bundles/chat/abc123')).toEqual({ kind: 'bundle', name: 'chat', version: 'abc123' });
    for (const other of ['/wsctl/probe', '/wsctlx/gateways/chat', '/wsctl/gateways/Chat', '/wsctl/gateways/chat/x', '/wsctl/bundles/chat/a-b']) expect(keys.parse(other)).toBeUndefined();
  });
});

describe('the key mirror', () => {
  it('keeps the newest revision of each key whatever order writes, events and deletions arrive in', () => {
    const mirror = new KeyMirror();
    expect(mirror.set('k', 'v2', 2)).toBe(true);
    expect(mirror.set('k', 'v1', 1)).toBe(false);
    expect(mirror.set('k', 'v2', 2)).toBe(false);
    expect(mirror.set('k', null, 3)).toBe(true);
    expect(mirror.set('k', 'v2', 2)).toBe(false);
    expect(mirror.get('k')).toBeUndefined();
  });

  it('catches up from a listing: keys deleted meanwhile go, keys written after the listing stay', () => {
    const mirror = new KeyMirror();
    mirror.set('/p/gone', 'x', 1);
    mirror.set('/p/same', 'y', 2);
    mirror.set('/p/newer', 'z', 9);
    const changed = mirror.replace(new Map([['/p/same', { value: 'y', revision: 2 }], ['/p/added', { value: 'w', revision: 4 }]]), 5);
    expect(changed.sort()).toEqual(['/p/added', '/p/gone']);
    expect(mirror.keysWith('/p/').sort()).toEqual(['/p/added', '/p/newer', '/p/same']);
    // the tombstone of /p/gone is dropped (the listing is complete up to 5), and a late write from before cannot bring it back
    expect(mirror.size()).toBe(3);
    expect(mirror.set('/p/gone', 'x', 1)).toBe(false);
    expect(mirror.get('/p/gone')).toBeUndefined();
  });

  it('drops tombstones once the watch has gone past them, and ignores writes older than that', () => {
    const mirror = new KeyMirror();
    for (let revision = 1; revision <= 100; revision += 1) {
      mirror.set(`/b/${revision}`, 'bundle', revision);
      mirror.set(`/b/${revision - 1}`, null, revision);
      mirror.settle(revision - 1);
    }
    expect(mirror.size()).toBeLessThanOrEqual(3);
    expect(mirror.keysWith('/b/')).toEqual(['/b/100']);
    expect(mirror.set('/b/50', 'late', 50)).toBe(false);
    expect(mirror.set('/b/101', 'next', 101)).toBe(true);
  });
});
