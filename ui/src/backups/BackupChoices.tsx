import type { BackupFile } from '../ipc';
import { backupSize, backupTime, reasonLabel } from './backups';

/** The backups as one radio group, newest first: when, why, how large. */
export function BackupChoices({
  legend,
  name,
  backups,
  chosen,
  onChoose,
  optionTestId,
  markLatest = false,
  testId,
}: {
  legend: string;
  /** The radio group's name. */
  name: string;
  backups: BackupFile[];
  chosen: string | null;
  onChoose: (name: string) => void;
  optionTestId: string;
  /** Says "latest" after the first (newest) one. */
  markLatest?: boolean;
  testId?: string;
}) {
  return (
    <fieldset className="backup-choices" data-testid={testId}>
      <legend>{legend}</legend>
      {backups.map((backup, index) => (
        <label key={backup.name} className="backup-choice" data-testid={optionTestId}>
          <input
            type="radio"
            name={name}
            value={backup.name}
            checked={chosen === backup.name}
            onChange={() => onChoose(backup.name)}
          />
          <span className="backup-choice-time">{backupTime(backup)}</span>
          <span className="muted">
            {reasonLabel(backup.reason)} · {backupSize(backup.bytes)}
            {markLatest && index === 0 ? ' · latest' : ''}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
