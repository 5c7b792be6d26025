// A segmented control built from real radio buttons, so arrow keys and screen readers
// work as they do for any radio group.
import { useId } from 'preact/hooks';

interface SegmentedProps<T extends string> {
  legend: string;
  /** Hide the legend visually (it is still announced), e.g. in a compact top bar. */
  hideLegend?: boolean;
  value: T;
  options: { value: T; label: string; short?: string; lang?: string }[];
  onChange: (value: T) => void;
  size?: 'small' | 'normal';
}

export function Segmented<T extends string>({ legend, hideLegend, value, options, onChange, size = 'normal' }: SegmentedProps<T>) {
  const name = useId();
  return (
    <fieldset class={`segmented segmented--${size}`}>
      <legend class={hideLegend ? 'visually-hidden' : 'field__label'}>{legend}</legend>
      <div class="segmented__options">
        {options.map((option) => (
          <label key={option.value} class="segmented__option" lang={option.lang}>
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={option.value === value}
              onChange={() => onChange(option.value)}
            />
            {option.short ? (
              <>
                <span aria-hidden="true">{option.short}</span>
                <span class="visually-hidden">{option.label}</span>
              </>
            ) : (
              <span>{option.label}</span>
            )}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
