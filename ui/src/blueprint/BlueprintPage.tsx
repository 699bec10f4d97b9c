import { useCallback, useRef, useState } from 'react';
import { AppError, commands } from '../ipc';
import type { BlueprintStage, BlueprintView, StageAction } from '../ipc';
import { useNavigate } from '../frame/routes';
import type { Route } from '../frame/routes';
import { matches, useBackShortcut, useKeydown } from '../lib/shortcuts';
import { runExport } from '../meetings/queries';
import { Button } from '../ui/Button';
import { PrinterIcon } from '../ui/icons';
import { ProblemBanner, useAct } from './act';
import type { Capture } from './capture';
import { ApprovePanel } from './ApprovePanel';
import { FramePanel } from './FramePanel';
import { GoalsPanel } from './GoalsPanel';
import { IdeasPanel } from './IdeasPanel';
import { periodText, personName, stageLabel, STAGES } from './labels';
import { PeoplePanel } from './PeoplePanel';
import { PrioritisePanel } from './PrioritisePanel';
import { FlushContext, useBlueprintView } from './queries';
import { TrackPanel } from './TrackPanel';
import './blueprint.css';

/**
 * One blueprint as a workshop on a projected screen: the header with the
 * account, period and revision, the seven stages with the current one, and
 * the panel of the stage being looked at. Any stage can be looked at; the
 * plan can be changed until it goes to the sponsor, and is frozen once
 * approved.
 */
export function BlueprintPage({ blueprintId, back }: { blueprintId: string; back?: Route }) {
  const navigate = useNavigate();
  const view = useBlueprintView(blueprintId);
  const accountId = view.data?.blueprint.account_id;
  const goBack = useCallback(
    () => navigate(back ?? (accountId ? { page: 'account', id: accountId } : { page: 'accounts' })),
    [navigate, back, accountId],
  );

  return (
    <div className="page blueprint-page" data-testid="blueprint-page">
      <div>
        <Button variant="ghost" size="sm" data-testid="back-button" aria-keyshortcuts="Escape Alt+ArrowLeft" onClick={goBack}>
          <span aria-hidden="true">←</span> {view.data?.account_name ?? 'Account'}
        </Button>
      </div>
      {view.isPending && (
        <div className="panel panel-loading" aria-busy="true">
          Loading the blueprint…
        </div>
      )}
      {view.isError && (
        <div className="panel panel-error" role="alert" data-testid="blueprint-error">
          <p>
            {view.error instanceof AppError && view.error.code === 'not_found'
              ? 'This blueprint is not there any more. It may have been moved to the trash.'
              : view.error.message}
          </p>
          <Button size="sm" onClick={() => void view.refetch()}>
            Try again
          </Button>
        </div>
      )}
      {view.data && <Loaded view={view.data} onBack={goBack} />}
    </div>
  );
}

const ACTION_KEYS: Partial<Record<StageAction, string>> = { advance: 'Ctrl ↵', back: 'Ctrl ⇧ ↵' };

function Loaded({ view, onBack }: { view: BlueprintView; onBack: () => void }) {
  const { blueprint } = view;
  const stage = blueprint.stage;
  const [viewing, setViewing] = useState<BlueprintStage>(stage);
  const [seenStage, setSeenStage] = useState(stage);
  // A move between stages shows the new stage.
  if (seenStage !== stage) {
    setSeenStage(stage);
    setViewing(stage);
  }
  const [capture, setCapture] = useState<Capture>({ participantId: null, kind: 'innovation' });
  // The sticky participant leaves with them.
  if (capture.participantId && !blueprint.participants.some((p) => p.person_id === capture.participantId)) {
    setCapture({ ...capture, participantId: null });
  }
  const { act, problem, pending, clearProblem } = useAct(blueprint.id);
  const [exporting, setExporting] = useState(false);

  const flushers = useRef(new Set<() => Promise<unknown>>());
  const register = useCallback((flush: () => Promise<unknown>) => {
    flushers.current.add(flush);
    return () => {
      flushers.current.delete(flush);
    };
  }, []);

  const move = useCallback(
    async (action: 'advance' | 'back') => {
      clearProblem();
      // What is still waiting to be saved goes first: the move is judged on it.
      await Promise.all([...flushers.current].map((flush) => flush()));
      await act({ command: action }, action);
    },
    [act, clearProblem],
  );

  // Ctrl+Enter moves on, Ctrl+Shift+Enter back; Escape or Alt+Left leaves when not typing.
  useKeydown((event) => {
    if (event.defaultPrevented || !matches('stage', event)) return;
    event.preventDefault();
    void move(event.shiftKey ? 'back' : 'advance');
  });
  useBackShortcut(onBack);

  const check = (action: StageAction) => view.actions.find((a) => a.action === action);
  const frozen = stage === 'track';
  const withSponsor = stage === 'approve';
  const open = !frozen && !withSponsor;
  const approvedRevision = blueprint.revisions.at(-1)?.revision ?? null;
  const lastReview = blueprint.reviews.at(-1);
  const sentBack =
    lastReview && lastReview.revision === blueprint.revision && lastReview.verdict === 'sent_back' && !withSponsor
      ? lastReview
      : null;

  const exportPdf = async () => {
    setExporting(true);
    await runExport('Blueprint', async () => commands.blueprintExport(blueprint.id, await commands.exportAudienceGet()));
    setExporting(false);
  };

  return (
    <FlushContext.Provider value={register}>
      <header className="bp-header">
        <div className="account-heading">
          <h1 data-testid="blueprint-title">{view.account_name}</h1>
          <span className="badge bp-period" data-testid="blueprint-period">
            {periodText(blueprint.period)}
          </span>
          <span
            className={`badge bp-revision ${frozen ? 'bp-revision-frozen' : ''}`}
            data-testid="revision-badge"
            title={frozen ? 'Approved and frozen: open a new revision to change it' : undefined}
          >
            Revision {blueprint.revision}
            {frozen ? ' · approved' : withSponsor ? ' · with the sponsor' : approvedRevision ? ` · ${approvedRevision} approved` : ' · draft'}
          </span>
        </div>
        <div className="button-row">
          <Button
            size="sm"
            data-testid="blueprint-export"
            pending={exporting}
            pendingLabel="Exporting…"
            onClick={() => void exportPdf()}
          >
            <PrinterIcon />
            Export PDF
          </Button>
        </div>
        <p className="bp-question" data-testid="blueprint-question">
          {blueprint.question}
        </p>
      </header>

      <nav className="bp-stepper-row" aria-label="Stages">
        <ol className="bp-stepper">
          {STAGES.map((s, index) => {
            const state = s === stage ? 'current' : STAGES.indexOf(stage) > index ? 'done' : 'todo';
            return (
              <li key={s} className={`bp-step bp-step-${state}`}>
                <button
                  type="button"
                  className={viewing === s ? 'bp-step-button bp-step-viewing' : 'bp-step-button'}
                  data-testid={`stage-${s}`}
                  aria-current={s === stage ? 'step' : undefined}
                  aria-pressed={viewing === s}
                  onClick={() => setViewing(s)}
                >
                  <span className="bp-step-n" aria-hidden="true">
                    {index + 1}
                  </span>
                  {stageLabel(s)}
                </button>
              </li>
            );
          })}
        </ol>
        <div className="bp-moves">
          {(['back', 'advance'] as const).map((action) => {
            const c = check(action);
            const allowed = c?.allowed ?? false;
            return (
              <Button
                key={action}
                size="sm"
                variant={action === 'advance' && allowed ? 'primary' : 'secondary'}
                className={allowed ? undefined : 'btn-unavailable'}
                data-testid={action}
                data-allowed={allowed}
                aria-disabled={!allowed || undefined}
                aria-keyshortcuts={action === 'advance' ? 'Control+Enter' : 'Control+Shift+Enter'}
                title={allowed ? undefined : (c?.reason ?? undefined)}
                pending={pending === action}
                onClick={() => void move(action)}
              >
                {action === 'advance' ? 'Next stage' : 'Back'}
                <kbd className="btn-kbd" aria-hidden="true">
                  {ACTION_KEYS[action]}
                </kbd>
              </Button>
            );
          })}
        </div>
      </nav>
      {!check('advance')?.allowed && check('advance')?.reason && stage !== 'track' && (
        <p className="bp-next-reason" data-testid="advance-reason">
          To move on: {check('advance')?.reason}
        </p>
      )}
      <ProblemBanner problem={problem} testId="stage-refused" />
      {sentBack && (
        <div className="callout bp-sent-back" data-testid="sent-back">
          <strong>
            Sent back by {personName(view.people, sentBack.by)}
            {sentBack.comment ? ':' : '.'}
          </strong>{' '}
          {sentBack.comment}
        </div>
      )}

      {viewing !== stage && (
        <p className="callout bp-peek" data-testid="viewing-other-stage">
          You are looking at {stageLabel(viewing).toLowerCase()}; the blueprint is at {stageLabel(stage).toLowerCase()}.{' '}
          <button type="button" className="link-button" onClick={() => setViewing(stage)}>
            Show {stageLabel(stage).toLowerCase()}
          </button>
        </p>
      )}
      {!open && viewing !== 'track' && viewing !== 'approve' && (
        <p className="callout" data-testid="plan-locked">
          {frozen
            ? `Revision ${blueprint.revision} is approved and frozen. Open revision ${blueprint.revision + 1} on the Track stage to change it.`
            : `Revision ${blueprint.revision} is with the sponsor. Go back to change it.`}
        </p>
      )}

      <section className="bp-stage" aria-label={stageLabel(viewing)} data-testid={`panel-${viewing}`}>
        {viewing === 'frame' && <FramePanel view={view} open={open} />}
        {viewing === 'ideas' && <IdeasPanel view={view} open={open} capture={capture} onCapture={setCapture} />}
        {viewing === 'prioritise' && (
          <PrioritisePanel view={view} open={open} capture={capture} onCapture={setCapture} />
        )}
        {viewing === 'goals' && <GoalsPanel view={view} open={open} />}
        {viewing === 'people' && <PeoplePanel view={view} open={open} />}
        {viewing === 'approve' && <ApprovePanel view={view} />}
        {viewing === 'track' && <TrackPanel view={view} />}
      </section>
    </FlushContext.Provider>
  );
}
