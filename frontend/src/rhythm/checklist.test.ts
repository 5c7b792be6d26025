import { describe, expect, it } from 'vitest';
import { KEY_MAX, keyFromLabel, withKeys } from './checklist';

const SERVER_KEY = /^[a-z0-9_]{1,32}$/; // backend/rhythm/schemas.py ChecklistItem.key

describe('checklist keys', () => {
  it('are made from the criterion as the manager wrote it', () => {
    expect(keyFromLabel('Budget besproken?')).toBe('budget_besproken');
    expect(keyFromLabel('Beslisser aan tafel (BANT)')).toBe('beslisser_aan_tafel_bant');
    expect(keyFromLabel('Behoefte één-op-één getoetst')).toBe('behoefte_een_op_een_getoetst');
  });

  it('are always keys the server takes', () => {
    for (const label of ['   ', '🎯', 'x'.repeat(80), 'Timing: < 3 maanden — of later?', 'Ünïcödé ß']) {
      const [row] = withKeys([{ key: '', label_nl: label, label_en: '' }]);
      expect(row.key).toMatch(SERVER_KEY);
      expect(row.key.length).toBeLessThanOrEqual(KEY_MAX);
    }
  });

  it('stay unique within a behaviour and never change once saved', () => {
    const rows = withKeys([
      { key: 'budget', label_nl: 'Budget', label_en: '' },
      { key: '', label_nl: 'Budget', label_en: '' },
      { key: '', label_nl: 'Budget!', label_en: '' },
    ]);
    expect(rows.map((row) => row.key)).toEqual(['budget', 'budget_2', 'budget_3']);
    expect(withKeys([{ key: 'oud', label_nl: 'Nieuwe tekst', label_en: '' }])[0].key).toBe('oud');
  });
});
