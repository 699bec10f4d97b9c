import { useEffect, useId, useRef, useState } from 'react';
import { AUDIENCES, AppError, commands, exportPack } from '../ipc';
import type { ExportProgress, PackRequest } from '../ipc';
import { AUDIENCE_HINTS, AUDIENCE_LABELS, useAudience } from '../lib/audience';
import { Form, useForm } from '../lib/form';
import { Button } from '../ui/Button';
import { Field, FormError } from '../ui/Field';
import { showToast } from '../ui/toast';
import { announceExport, useSettings, useTrips } from './queries';

type Source = 'selection' | 'range' | 'trip';

export type PackRange = { from: string | null; to: string | null; label: string };

const PACK_FIELDS = ['trip', 'traveller', 'audience'] as const;

type Run = { phase: 'choosing' } | { phase: 'rendering'; progress: ExportProgress; cancelling: boolean };

/**
 * The meeting pack for the current selection, the range on screen or a trip,
 * with the traveller printed on its cover. While Rust renders, a progress bar
 * with Cancel; at the end a message with Open.
 */
export function PackExport({
  selection,
  range,
  onClose,
  onDone,
}: {
  selection: readonly string[];
  range: PackRange;
  onClose: () => void;
  onDone?: () => void;
}) {
  const base = useId();
  const settings = useSettings();
  const trips = useTrips();
  const [chosenSource, setSource] = useState<Source>(selection.length > 0 ? 'selection' : 'range');
  // Unticking everything while the panel is open falls back to the range.
  const source: Source = chosenSource === 'selection' && selection.length === 0 ? 'range' : chosenSource;
  const [trip, setTrip] = useState('');
  const [traveller, setTraveller] = useState<string | null>(null);
  const [run, setRun] = useState<Run | null>(null);
  const audience = useAudience();
  // The options are a form; what runs after Export is a job, followed by `run`.
  const form = useForm(PACK_FIELDS);
  const { errors, formError, bind, clear } = form;
  const firstRef = useRef<HTMLInputElement>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    firstRef.current?.focus();
    return () => {
      mounted.current = false;
    };
  }, []);

  const tripList = trips.data ?? [];
  const chosenTrip = trip || tripList[0] || '';
  const travellerValue = traveller ?? settings.data?.traveller ?? '';

  const request = (): PackRequest => {
    const common = { traveller: travellerValue.trim() === '' ? null : travellerValue, include_declined: false };
    switch (source) {
      case 'selection':
        return { ...common, meeting_ids: [...selection] };
      case 'trip':
        return { ...common, trip: chosenTrip };
      case 'range':
        return { ...common, from: range.from, to: range.to };
    }
  };

  const start = async () => {
    if (run) return;
    form.reset();
    // No trip to choose (the trip list emptied while the panel was open): said above the buttons.
    if (source === 'trip' && !chosenTrip) throw new AppError('validation', 'Choose a trip.');
    setRun({ phase: 'choosing' });
    try {
      const exported = await exportPack(request(), audience.audience, (progress) => {
        if (!mounted.current) return;
        setRun((r) => ({ phase: 'rendering', progress, cancelling: r?.phase === 'rendering' && r.cancelling }));
      });
      if (!mounted.current) return;
      setRun(null);
      audience.exported();
      if (exported) {
        announceExport(exported);
        onDone?.();
        onClose();
      }
    } catch (caught) {
      if (!mounted.current) return;
      setRun(null);
      if (AppError.from(caught).code !== 'cancelled') throw caught;
      showToast({ message: 'Meeting pack cancelled. Nothing was saved.' });
    }
  };

  const cancel = async () => {
    setRun((r) => (r?.phase === 'rendering' ? { ...r, cancelling: true } : r));
    try {
      await commands.exportCancel();
    } catch (caught) {
      form.report(caught, 'never');
    }
  };

  const running = run !== null;
  const option = (value: Source, label: string, detail: string, disabled = false) => (
    <label className={disabled ? 'choice choice-compact choice-disabled' : 'choice choice-compact'}>
      <input
        ref={value === source ? firstRef : undefined}
        type="radio"
        name={`${base}-source`}
        value={value}
        checked={source === value}
        disabled={disabled || running}
        data-testid={`pack-source-${value}`}
        onChange={() => setSource(value)}
      />
      <span className="choice-text">
        <span className="choice-title">{label}</span>
        <span className="choice-detail">{detail}</span>
      </span>
    </label>
  );

  return (
    <Form
      form={form}
      className="panel form-panel pack-export"
      aria-labelledby={`${base}-title`}
      data-testid="pack-export"
      busy={running}
      onSubmit={start}
      onCancel={onClose}
    >
      <h2 className="panel-title" id={`${base}-title`}>
        Export a meeting pack
      </h2>
      <p className="section-sub">
        One PDF in time order: a cover, the itinerary, contents, a brief per meeting and a directory of the people met.
      </p>
      <fieldset className="choice-group pack-sources">
        <legend className="field-label">Which meetings</legend>
        {option(
          'selection',
          `Selected meetings (${selection.length})`,
          selection.length > 0 ? 'The ones ticked in the list' : 'Tick meetings in the list first',
          selection.length === 0,
        )}
        {option('range', range.label, 'Every meeting in these dates, except declined ones')}
        {option('trip', 'A trip', tripList.length > 0 ? 'Every meeting on the trip' : 'No meeting has a trip yet', tripList.length === 0)}
      </fieldset>
      <div className="entity-grid entity-grid-2">
        {source === 'trip' && tripList.length > 0 && (
          <Field
            id={`${base}-trip`}
            label="Trip"
            error={errors.trip}
            errorTestId="pack-error-trip"
            control={(a11y) => (
              <select
                {...a11y}
                ref={bind('trip')}
                className="input select"
                data-testid="pack-trip"
                disabled={running}
                value={chosenTrip}
                onChange={(event) => {
                  setTrip(event.target.value);
                  clear('trip');
                }}
              >
                {tripList.map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            )}
          />
        )}
        <Field
          id={`${base}-traveller`}
          label={
            <>
              Traveller <span className="field-optional">On the cover</span>
            </>
          }
          error={errors.traveller}
          errorTestId="pack-error-traveller"
          control={(a11y) => (
            <input
              {...a11y}
              ref={bind('traveller')}
              className="input"
              data-testid="pack-traveller"
              autoComplete="off"
              disabled={running}
              placeholder="Who travels"
              value={travellerValue}
              onChange={(event) => {
                setTraveller(event.target.value);
                clear('traveller');
              }}
            />
          )}
        />
        <Field
          id={`${base}-audience`}
          label={
            <>
              For <span className="field-optional">One audience for every page</span>
            </>
          }
          error={errors.audience}
          errorTestId="pack-error-audience"
          control={(a11y) => (
            <select
              {...a11y}
              ref={bind('audience')}
              className="input select"
              data-testid="pack-audience"
              title={AUDIENCE_HINTS[audience.audience]}
              disabled={running}
              value={audience.audience}
              onChange={(event) => {
                audience.choose(AUDIENCES.find((a) => a === event.target.value) ?? 'executive');
                clear('audience');
              }}
            >
              {AUDIENCES.map((a) => (
                <option key={a} value={a}>
                  {AUDIENCE_LABELS[a]}
                </option>
              ))}
            </select>
          )}
        />
      </div>

      <div className="pack-status" aria-live="polite">
        {run?.phase === 'choosing' && <p className="status-line">Choose where to save the PDF…</p>}
        {run?.phase === 'rendering' && (
          <>
            <progress
              className="progress"
              data-testid="pack-progress"
              max={Math.max(run.progress.total, 1)}
              value={run.progress.done}
              aria-label="Pack export progress"
            />
            <p className="status-line" data-testid="pack-progress-text">
              {run.cancelling
                ? 'Cancelling…'
                : `Rendering ${Math.min(run.progress.done, run.progress.total)} of ${run.progress.total}…`}
            </p>
          </>
        )}
      </div>
      <FormError message={formError} testId="pack-error" />
      <div className="form-actions">
        {running ? (
          <Button
            data-testid="pack-cancel"
            disabled={run.phase !== 'rendering' || run.cancelling}
            onClick={() => void cancel()}
          >
            Cancel export
          </Button>
        ) : (
          <Button data-testid="pack-close" onClick={onClose}>
            Close
          </Button>
        )}
        <Button type="submit" variant="primary" data-testid="pack-start" pending={running} pendingLabel="Exporting…">
          Export pack
        </Button>
      </div>
    </Form>
  );
}
