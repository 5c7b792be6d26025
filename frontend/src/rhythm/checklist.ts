// The quality checklist's keys: a manager writes only the criterion; its key (what check-ins store)
// is made from the Dutch wording, once, when the criterion is added, and never changes after that.

export const KEY_MAX = 32;

export interface ChecklistRow {
  key: string; // '' until the behaviour is saved with it
  label_nl: string;
  label_en: string;
}

/** "Budget besproken?" → "budget_besproken"; "Beslisser aan tafel (BANT)" → "beslisser_aan_tafel_bant". */
export function keyFromLabel(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // é → e
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, KEY_MAX)
    .replace(/_+$/, '');
}

/** Every row with a key: kept where it has one, else made from its label, unique within the list. */
export function withKeys(rows: readonly ChecklistRow[]): ChecklistRow[] {
  const taken = new Set(rows.map((row) => row.key).filter(Boolean));
  return rows.map((row) => {
    if (row.key) return row;
    const base = keyFromLabel(row.label_nl) || keyFromLabel(row.label_en) || 'criterium';
    let key = base;
    for (let n = 2; taken.has(key); n += 1) {
      const suffix = `_${n}`;
      key = `${base.slice(0, KEY_MAX - suffix.length)}${suffix}`;
    }
    taken.add(key);
    return { ...row, key };
  });
}
