import { describe, expect, it } from 'vitest';
import { trustFunction } from './trustProxy';

describe('trustFunction', () => {
  it('trusts no hop by default, every hop for true, the nearest n for a number, listed subnets for a list', () => {
    expect(trustFunction(undefined)('127.0.0.1', 0)).toBe(false);
    expect(trustFunction(false)('127.0.0.1', 0)).toBe(false);
    expect(trustFunction(true)('203.0.113.9', 5)).toBe(true);
    const two = trustFunction(2);
    expect([two('1.1.1.1', 0), two('1.1.1.1', 1), two('1.1.1.1', 2)]).toEqual([true, true, false]);
    const listed = trustFunction(['10.0.0.0/8', 'loopback']);
    expect([listed('10.1.2.3', 0), listed('127.0.0.1', 0), listed('203.0.113.9', 0)]).toEqual([true, true, false]);
  });
});
