// Labelled form inputs with hint and error text wired up for screen readers.
import type { JSX } from 'preact';
import { useId, useState } from 'preact/hooks';
import { useI18n } from '../i18n/context';
import { EyeIcon, EyeOffIcon } from './icons';

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onInput' | 'label'>;

interface FieldProps extends InputProps {
  label: string;
  value: string;
  onValue: (value: string) => void;
  hint?: string;
  error?: string;
}

function describedBy(hintId: string, errorId: string, hint?: string, error?: string) {
  return [error && errorId, hint && hintId].filter(Boolean).join(' ') || undefined;
}

export function TextField({ label, value, onValue, hint, error, ...input }: FieldProps) {
  const id = useId();
  return (
    <div class={`field${error ? ' field--invalid' : ''}`}>
      <label class="field__label" for={id}>
        {label}
      </label>
      <input
        {...input}
        id={id}
        class="field__input"
        value={value}
        onInput={(event) => onValue(event.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)}
      />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

/** A password input with a show/hide toggle: typing a long password on a phone is error-prone. */
export function PasswordField({ label, value, onValue, hint, error, ...input }: FieldProps) {
  const id = useId();
  const { t } = useI18n();
  const [visible, setVisible] = useState(false);
  return (
    <div class={`field${error ? ' field--invalid' : ''}`}>
      <label class="field__label" for={id}>
        {label}
      </label>
      <div class="field__password">
        <input
          {...input}
          id={id}
          class="field__input"
          type={visible ? 'text' : 'password'}
          value={value}
          onInput={(event) => onValue(event.currentTarget.value)}
          autocapitalize="off"
          spellcheck={false}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)}
        />
        <button
          type="button"
          class="field__reveal"
          aria-controls={id}
          aria-pressed={visible}
          aria-label={t(visible ? 'field.hide_password' : 'field.show_password')}
          onClick={() => setVisible(!visible)}
        >
          {visible ? <EyeOffIcon size={20} /> : <EyeIcon size={20} />}
        </button>
      </div>
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

interface SelectFieldProps {
  label: string;
  value: string;
  onValue: (value: string) => void;
  options: { value: string; label: string }[];
  hint?: string;
  error?: string;
  name?: string;
}

export function SelectField({ label, value, onValue, options, hint, error, name }: SelectFieldProps) {
  const id = useId();
  return (
    <div class={`field${error ? ' field--invalid' : ''}`}>
      <label class="field__label" for={id}>
        {label}
      </label>
      <select
        id={id}
        name={name}
        class="field__input field__select"
        value={value}
        onChange={(event) => onValue(event.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(`${id}-hint`, `${id}-error`, hint, error)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

function FieldNotes({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {error && (
        <p class="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {hint && (
        <p class="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </>
  );
}
