import { useId } from 'react';
import { TextField } from '../../components/TextField';
import { useConsoleRoutes } from './routes';

export interface AccessValue {
  via: string;
  consoleUrl: string;
  values: Record<string, string | boolean>;
}

/**
 * How to reach and sign in to the admin console: the routes main offers (address and password, address and
 * authstring, kubectl), and the chosen route's own fields. Secrets are typed here and sent once; never shown back.
 */
export function AccessFields({ value, onChange, addressLabel = 'Console address' }: { value: AccessValue; onChange: (patch: Partial<AccessValue>) => void; addressLabel?: string }) {
  const routes = useConsoleRoutes();
  const name = useId();
  if (!routes) return null;
  const route = routes.find((r) => r.id === value.via) ?? routes[0];
  if (!route) return null;
  const text = (field: string) => (typeof value.values[field] === 'string' ? (value.values[field] as string) : '');
  return (
    <>
      <fieldset className="segmented route-choice">
        <legend>How to sign in to the admin console</legend>
        {routes.map((r) => (
          <label key={r.id}>
            <input type="radio" name={name} value={r.id} checked={r.id === route.id} onChange={() => onChange({ via: r.id, values: {} })} /> {r.title}
          </label>
        ))}
      </fieldset>
      <p className="muted route-summary">{route.summary}</p>
      {route.usesAddress ? (
        <TextField label={addressLabel} value={value.consoleUrl} onChange={(consoleUrl) => onChange({ consoleUrl })} placeholder="https://deepsource.example.com:8800" autoComplete="off" spellCheck={false} />
      ) : null}
      {route.fields.map((field) =>
        field.kind === 'remember' ? (
          <label key={field.name} className="check">
            <input type="checkbox" checked={value.values[field.name] === true} onChange={(event) => onChange({ values: { ...value.values, [field.name]: event.target.checked } })} />
            {field.label}
          </label>
        ) : (
          <TextField
            key={field.name}
            label={field.label}
            type={field.kind === 'secret' ? 'password' : 'text'}
            value={text(field.name)}
            onChange={(typed) => onChange({ values: { ...value.values, [field.name]: typed } })}
            {...(field.placeholder ? { placeholder: field.placeholder } : {})}
            help={field.help}
            autoComplete="off"
            spellCheck={false}
          />
        ),
      )}
    </>
  );
}

/** What the route's fields say, as the `access` of a request: empty fields and unticked boxes left out. */
export function accessOf(value: Pick<AccessValue, 'via' | 'values'>): { via: string; values?: Record<string, string | boolean> } | undefined {
  if (!value.via) return undefined;
  // Sent as typed (a password may hold blanks); an empty field or an unticked box is not sent at all.
  const values = Object.fromEntries(Object.entries(value.values).filter(([, v]) => v !== '' && v !== false));
  return { via: value.via, ...(Object.keys(values).length > 0 ? { values } : {}) };
}
