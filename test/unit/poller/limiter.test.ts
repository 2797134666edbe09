import { describe, expect, it } from 'vitest';
import { LeaseLimiter } from '../../../electron/core/poller/limiter.ts';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('LeaseLimiter', () => {
  it('holds work to its limit, and hands a freed slot to the next waiter', async () => {
    const l = new LeaseLimiter(2, 10_000);
    const a = await l.acquire();
    await l.acquire();
    let third = false;
    const pending = l.acquire().then((lease) => {
      third = true;
      return lease;
    });
    await tick();
    expect(third).toBe(false);
    a.release();
    (await pending).release();
    expect(third).toBe(true);
    expect(l.active).toBe(1);
  });

  it('lets others past a holder whose lease expired, up to the hard limit', async () => {
    const l = new LeaseLimiter(1, 20, 2);
    await l.acquire(); // never released: a hung site
    await tick(40);
    const second = await l.acquire(); // allowed: the first lease expired
    expect(l.holding).toBe(2);
    await tick(40);
    let third = false;
    void l.acquire().then(() => (third = true));
    await tick(10);
    // Both earlier leases expired, but two holders are still out: the hard limit holds the third back.
    expect(third).toBe(false);
    second.release();
    await tick();
    expect(third).toBe(true);
  });
});
