import { describe, expect, it } from 'vitest';
import { etcdKeys } from '../../../src/control/etcd-keys.js';
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
