import { useId, type InputHTMLAttributes, type Ref } from 'react';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'> {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The field's own problem, shown under it (and marked aria-invalid). */
  error?: string | null | undefined;
  help?: React.ReactNode;
  inputRef?: Ref<HTMLInputElement>;
}

/** A labelled input with its help or its error right under it, wired for screen readers. */
export function TextField({ label, value, onChange, error, help, inputRef, ...input }: TextFieldProps) {
  const id = useId();
  const noteId = `${id}-note`;
  const note = error ?? help;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        {...input}
        id={id}
        ref={inputRef}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={note ? noteId : undefined}
      />
      {note ? (
        <p id={noteId} className={error ? 'field-error' : 'field-help'}>
          {note}
        </p>
      ) : null}
    </div>
  );
}
