import { afterAll, describe, expect, it } from 'vitest';
import { makeWorkDir } from '../harness/gateway.js';
import { runChurn } from './churn.js';
import { RELOAD_TARGETS } from './kit.js';

const work = makeWorkDir('churn');
afterAll(() => work.cleanup());

// the short version of npm run bench:churn (issue #12): 100 sockets echoing every second through 20
// mixed changes, each applied with wsctl reload; none may drop
describe.each(RELOAD_TARGETS)('churn on %s', (target) => {
  it('keeps 100 echoing sockets through 20 mixed changes: 0 dropped, 0 echo or new-connection failures', async () => {
    const result = await runChurn({ target, dir: work.dir, sockets: 100, changes: 20, pauseMs: 100, drainTimeout: '10m' });
    expect(result.failed).toEqual([]);
    expect(result.dropped).toBe(0);
    expect(result.echoFailures).toBe(0);
    expect(result.newConnectionFailures).toBe(0);
    expect(result.budgetClosures).toBe(0);
    expect(result.draining).toBeLessThanOrEqual(16);
    // endpoint added / removed are 8 of the 20 changes: HAProxy applies them without a reload
    if (target === 'haproxy') expect(result.runtime).toBe(8);
    expect(result.reloads + result.runtime).toBe(20);
  }, 90_000);
});
