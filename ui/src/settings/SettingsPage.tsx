import { useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useRef, useState } from 'react';
import { commands } from '../ipc';
import type { Settings } from '../ipc';
import { Combobox, filterZones } from '../meetings/Combobox';
import { meetingsKey, settingsKey, useSettings } from '../meetings/queries';
import { allZones, browserZone } from '../meetings/time';
import { Button } from '../ui/Button';
import { Field, FormError } from '../ui/Field';
import { BackupPanel } from './BackupPanel';
import './settings.css';
import { clockKey } from '../lib/clock';
import { Form, useForm } from '../lib/form';

type SettingsField = 'your_name' | 'home_time_zone' | 'traveller' | 'stale_after_days';
type Values = Record<SettingsField, string>;
const FIELDS: readonly SettingsField[] = ['your_name', 'home_time_zone', 'traveller', 'stale_after_days'];

function fromSettings(s: Settings): Values {
  return {
    your_name: s.your_name ?? '',
    home_time_zone: s.home_time_zone ?? '',
    traveller: s.traveller ?? '',
    stale_after_days: s.stale_after_days == null ? '' : String(s.stale_after_days),
  };
}

/** Days as typed: blank is the default; anything but a whole number goes as 0, which the core refuses with its rule. */
function days(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  return /^\d+$/.test(t) ? Math.min(Number(t), 2_000_000_000) : 0;
}

function toSettings(v: Values): Settings {
  const orNull = (t: string) => (t.trim() === '' ? null : t);
  return {
    your_name: orNull(v.your_name),
    home_time_zone: orNull(v.home_time_zone),
    traveller: orNull(v.traveller),
    stale_after_days: days(v.stale_after_days),
  };
}

/** Who is using Rapport here, their home time zone, and who travels on packs by default. */
export function SettingsPage() {
  const settings = useSettings();
  return (
    <section className="page settings-page" aria-labelledby="settings-title" data-testid="settings-page">
      <header className="page-header">
        <div>
          <h1 id="settings-title" className="page-title">
            Settings
          </h1>
          <p className="page-subtitle">Kept in this vault, encrypted with everything else.</p>
        </div>
      </header>
      {settings.isPending && (
        <div className="panel panel-loading" aria-busy="true">
          Loading settings…
        </div>
      )}
      {settings.isError && (
        <div className="panel panel-error" role="alert">
          <p>{settings.error.message}</p>
          <Button size="sm" onClick={() => void settings.refetch()}>
            Try again
          </Button>
        </div>
      )}
      {settings.data && <SettingsForm initial={settings.data} />}
      <BackupPanel />
    </section>
  );
}

function SettingsForm({ initial }: { initial: Settings }) {
  const base = useId();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(() => fromSettings(initial));
  const [saved, setSaved] = useState<Values>(() => fromSettings(initial));
  const form = useForm(FIELDS);
  const { errors, formError, bind, failNow, clear, reset } = form;
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved' | 'error'>('idle');
  const [zoneQuery, setZoneQuery] = useState('');
  const valuesRef = useRef(values);
  const suggestion = browserZone();

  const zoneOptions = useMemo(() => {
    const found = filterZones(allZones(), zoneQuery);
    const options = found.map((z) => ({ value: z, label: z, detail: z === suggestion ? 'this computer' : null }));
    // With nothing typed, the computer's own zone first, and a way to clear the choice.
    if (zoneQuery.trim() === '') {
      const rest = options.filter((o) => o.value !== suggestion);
      return [
        { value: suggestion, label: suggestion, detail: 'this computer' },
        { value: '', label: 'Not set', detail: 'briefs show only the local time' },
        ...rest,
      ];
    }
    return options;
  }, [zoneQuery, suggestion]);

  const save = async (next: Values) => {
    if (FIELDS.every((f) => next[f] === saved[f])) return;
    setStatus('saving');
    try {
      const result = await commands.settingsUpdate(toSettings(next));
      const clean = fromSettings(result);
      queryClient.setQueryData(settingsKey, result);
      // Briefs and home-time lines depend on the home time zone.
      void queryClient.invalidateQueries({ queryKey: meetingsKey });
      // "Today" is counted in the home time zone.
      void queryClient.invalidateQueries({ queryKey: clockKey });
      setSaved(clean);
      // Keep what the user typed since, but show the cleaned form of what was sent.
      const merged = { ...valuesRef.current };
      for (const f of FIELDS) if (valuesRef.current[f] === next[f]) merged[f] = clean[f];
      valuesRef.current = merged;
      setValues(merged);
      reset();
      setStatus('saved');
    } catch (error) {
      setStatus('error');
      failNow(error);
    }
  };

  const change = (field: SettingsField, value: string) => {
    const next = { ...valuesRef.current, [field]: value };
    valuesRef.current = next;
    setValues(next);
    clear(field);
  };

  const text = (field: Exclude<SettingsField, 'home_time_zone'>, label: string, hint: string, placeholder: string) => (
    <Field
      id={`${base}-${field}`}
      label={label}
      error={errors[field]}
      errorTestId={`settings-error-${field}`}
      hint={hint}
      control={(a11y) => (
        <input
          {...a11y}
          ref={bind(field)}
          className="input"
          autoComplete="off"
          placeholder={placeholder}
          data-testid={`settings-${field}`}
          value={values[field]}
          onChange={(event) => change(field, event.target.value)}
          onBlur={() => void save(valuesRef.current)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              void save(valuesRef.current);
            }
          }}
        />
      )}
    />
  );

  const statusText = { idle: 'Saved when you leave a field or press Enter', saving: 'Saving…', saved: 'Saved', error: "Couldn't save" };

  return (
    <Form
      form={form}
      className="panel details settings-form"
      aria-labelledby={`${base}-title`}
      data-testid="settings-form"
      onSubmit={() => {
        // Not awaited: save() is called on every blur and Enter too, and handles its own overlap.
        void save(valuesRef.current);
      }}
    >
      <div className="section-head">
        <h2 className="panel-title" id={`${base}-title`}>
          You and your travels
        </h2>
        <p className={`save-state save-state-${status}`} data-testid="settings-save-status" aria-live="polite">
          {status === 'saving' && <span className="spinner" aria-hidden="true" />}
          {statusText[status]}
        </p>
      </div>
      <div className="details-grid details-grid-1 settings-grid">
        {text('your_name', 'Your name', 'Recorded as who approved, asked or answered at the review gate.', 'e.g. Ingrid Solberg')}
        <Field
          id={`${base}-home_time_zone`}
          label="Home time zone"
          error={errors.home_time_zone}
          errorTestId="settings-error-home_time_zone"
          hint={`Briefs show each meeting's time here too. This computer is on ${suggestion}.`}
          control={(a11y) => (
            <Combobox
              a11y={a11y}
              ref={bind('home_time_zone')}
              selectedLabel={values.home_time_zone}
              options={zoneOptions}
              onQueryChange={setZoneQuery}
              onPick={(option) => {
                change('home_time_zone', option.value);
                void save(valuesRef.current);
              }}
              placeholder={`Not set (suggested: ${suggestion})`}
              testId="settings-home_time_zone"
              emptyText="No time zone matches."
            />
          )}
        />
        {text('traveller', 'Default traveller', 'Printed on the cover of meeting packs unless an export names someone else.', 'e.g. Ingrid Solberg, CEO')}
        {text(
          'stale_after_days',
          'Facts are stale after (days)',
          "A brief's first page marks a title or a last contact older than this as stale. Blank: 180 days.",
          '180',
        )}
      </div>
      <FormError message={formError} testId="settings-form-error" />
    </Form>
  );
}
