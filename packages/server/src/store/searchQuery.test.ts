import { describe, expect, it } from 'vitest';
import { indexableQuery } from './searchQuery';

describe('indexableQuery', () => {
  it('turns phrase operators into & and leaves the rest', () => {
    expect(indexableQuery("'tracking' <-> 'number' | 'a' <2> 'b'")).toBe("'tracking' & 'number' | 'a' & 'b'");
    expect(indexableQuery("'parcel' & ( 'refund' | 'invoice' )")).toBe("'parcel' & ( 'refund' | 'invoice' )");
  });

  it('never rewrites inside a quoted lexeme, quotes doubled inside included', () => {
    expect(indexableQuery("'a<->b' <-> 'it''s<1>' <-> 'c'")).toBe("'a<->b' & 'it''s<1>' & 'c'");
  });

  it('gives nothing when only negated words were in the query (querytree says T)', () => {
    expect(indexableQuery('T')).toBeUndefined();
  });
});
