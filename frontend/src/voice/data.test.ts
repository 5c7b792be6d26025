import { describe, expect, it } from 'vitest';
import { scoreBand, voiceRequest, voicesPath } from './data';

describe('customer voice data', () => {
  it('builds the feed address from the filters', () => {
    expect(voicesPath({ teamId: null, customer: '', score: null })).toBe('/voices');
    expect(voicesPath({ teamId: 4, customer: ' De Vries & Zn ', score: 'detractor' }, 30)).toBe(
      '/voices?team_id=4&customer=De+Vries+%26+Zn&score=detractor&offset=30',
    );
  });

  it("puts scores in NPS's bands", () => {
    expect([null, 0, 6, 7, 8, 9, 10].map(scoreBand)).toEqual(['none', 'detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']);
  });

  it('queues a voice as one idempotent write', () => {
    const request = voiceRequest({ client_id: 'abc', quote: 'x'.repeat(80), channel: 'call' }, 'en');
    expect(request).toMatchObject({ kind: 'voice', client_id: 'abc', method: 'POST', path: '/voices', locale: 'en' });
    expect(request.meta.quote).toHaveLength(60);
  });
});
