import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Slots, type SlotLease } from '../../../src/core/launchers/slots';

void describe('Slots', () => {
  void test('refuses a capacity below 1 or not whole', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => new Slots(bad), /at least 1 slot/);
    }
  });

  void test('hands out the lowest free index, and none when full', () => {
    const slots = new Slots(3);
    const a = slots.tryAcquire();
    const b = slots.tryAcquire();
    const c = slots.tryAcquire();
    assert.deepEqual([a?.index, b?.index, c?.index], [0, 1, 2]);
    assert.equal(slots.tryAcquire(), undefined);
    b?.release();
    b?.release(); // twice is harmless: it must not free a slot someone else holds
    assert.equal(slots.available, 1);
    assert.equal(slots.tryAcquire()?.index, 1);
    assert.equal(slots.tryAcquire(), undefined);
  });

  void test('waiters are served in arrival order as slots come free', async () => {
    const slots = new Slots(1);
    const first = await slots.acquire();
    const order: string[] = [];
    const second = slots.acquire().then((lease) => (order.push('second'), lease));
    const third = slots.acquire().then((lease) => (order.push('third'), lease));
    assert.equal(slots.waiting, 2);
    assert.equal(slots.tryAcquire(), undefined, 'tryAcquire must not jump the queue');
    first.release();
    const secondLease = await second;
    assert.deepEqual(order, ['second']);
    secondLease.release();
    assert.equal((await third).index, 0);
    assert.deepEqual(order, ['second', 'third']);
  });

  void test('an aborted wait rejects, leaves the queue, and the slot goes to the next waiter', async () => {
    const slots = new Slots(1);
    const held = await slots.acquire();
    const controller = new AbortController();
    const aborted = slots.acquire(controller.signal);
    const next = slots.acquire();
    controller.abort();
    await assert.rejects(aborted, { name: 'AbortError' });
    assert.equal(slots.waiting, 1);
    held.release();
    assert.equal((await next).index, 0);
    await assert.rejects(slots.acquire(AbortSignal.abort(new Error('sweep canceled'))), /sweep canceled/);
  });

  void test('law: held indices are distinct, in range, never more than capacity, lowest free first', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.oneof(fc.constant('take' as const), fc.nat({ max: 20 })), { maxLength: 60 }),
        (capacity, steps) => {
          const slots = new Slots(capacity);
          const held: SlotLease[] = [];
          for (const step of steps) {
            if (step === 'take') {
              const heldIndices = new Set(held.map((lease) => lease.index));
              const lowestFree = [...Array(capacity).keys()].find((index) => !heldIndices.has(index));
              const lease = slots.tryAcquire();
              assert.equal(lease?.index, lowestFree);
              if (lease !== undefined) held.push(lease);
            } else if (held.length > 0) {
              const [lease] = held.splice(step % held.length, 1);
              lease?.release();
            }
            const indices = held.map((lease) => lease.index);
            assert.equal(new Set(indices).size, indices.length);
            assert.ok(indices.every((index) => index >= 0 && index < capacity));
            assert.equal(slots.available, capacity - held.length);
          }
        },
      ),
    );
  });
});
