import { describe, expect, it } from 'vitest';
import { deliveryState, formatOwnerMap, parseOwnerMap, type Delivery } from './data';

describe('the owner list', () => {
  it('reads one "id = e-mail" a line and skips the rest', () => {
    expect(parseOwnerMap('18487521 = rep@demo.test\n\nnonsense\n 42=  ann@demo.test ')).toEqual({
      '18487521': 'rep@demo.test',
      '42': 'ann@demo.test',
    });
  });

  it('writes back what it read', () => {
    const map = { '1': 'a@b.test', '2': 'c@d.test' };
    expect(parseOwnerMap(formatOwnerMap(map))).toEqual(map);
  });
});

describe('a delivery in the log', () => {
  const base: Delivery = {
    id: 1, message_id: 'msg_1', event_type: 'win.logged', status: 'pending', attempts: 0, last_status_code: null,
    last_error: null, created_at: '', last_attempt_at: null, next_attempt_at: null, delivered_at: null,
  };
  it('is queued before its first attempt and retrying after a failed one', () => {
    expect(deliveryState(base)).toBe('integrations.delivery.queued');
    expect(deliveryState({ ...base, attempts: 2 })).toBe('integrations.delivery.retrying');
    expect(deliveryState({ ...base, status: 'delivered', attempts: 1 })).toBe('integrations.delivery.delivered');
    expect(deliveryState({ ...base, status: 'failed' })).toBe('integrations.delivery.failed');
  });
});
