import { useEffect, useRef, useState } from 'react';
import { formatDateTime } from '../lib/format';
import { isMacLike } from '../lib/keyboard';
import { AuthLayout } from '../ui/AuthLayout';
import { Button } from '../ui/Button';
import { CheckIcon, CopyIcon, KeyIcon, PrinterIcon } from '../ui/icons';

type CopyState = 'idle' | 'copied' | 'unavailable';

/**
 * Shown once, right after the vault is created. The key lives only in this
 * screen's props; continuing drops it.
 */
export function RecoveryKey({
  recoveryKey,
  path,
  createdAt,
  onContinue,
}: {
  recoveryKey: string;
  path: string;
  createdAt: Date;
  onContinue: () => void;
}) {
  const [saved, setSaved] = useState(false);
  const [copy, setCopy] = useState<CopyState>('idle');
  const keyRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (copy !== 'copied') return;
    const timer = window.setTimeout(() => setCopy('idle'), 2500);
    return () => window.clearTimeout(timer);
  }, [copy]);

  const selectKey = () => {
    const node = keyRef.current;
    const selection = window.getSelection();
    if (!node || !selection) return;
    const range = document.createRange();
    range.selectNodeContents(node);
    selection.removeAllRanges();
    selection.addRange(range);
  };

  const copyKey = async () => {
    try {
      // Older WebKit builds have no async clipboard at all.
      if (typeof navigator.clipboard?.writeText !== 'function') throw new Error('no clipboard');
      await navigator.clipboard.writeText(recoveryKey);
      setCopy('copied');
    } catch {
      selectKey();
      setCopy('unavailable');
    }
  };

  return (
    <AuthLayout wide testId="recovery-screen">
      <div className="stack">
        <section className="recovery-sheet" aria-labelledby="recovery-title">
          <div className="recovery-icon no-print" aria-hidden="true">
            <KeyIcon width={22} height={22} />
          </div>
          <h1 id="recovery-title">Your recovery key</h1>
          <p className="lede no-print">
            This key is the only way back into your vault if the keychain entry is lost or you
            forget your passphrase. Rapport does not keep a copy and cannot recover it for you.
            Store it somewhere safe, away from this computer.
          </p>
          <code className="recovery-key" data-testid="recovery-key" ref={keyRef}>
            {recoveryKey}
          </code>
          <dl className="recovery-meta">
            <div>
              <dt>Created</dt>
              <dd>{formatDateTime(createdAt)}</dd>
            </div>
            <div>
              <dt>Vault</dt>
              <dd className="path">{path}</dd>
            </div>
          </dl>
          <p className="print-only">
            Keep this sheet somewhere safe. Anyone who has this key and the vault file can read it.
          </p>
        </section>

        <div className="no-print stack">
          <div className="recovery-actions">
            <div className="button-row">
              <Button data-testid="recovery-key-copy" onClick={copyKey}>
                {copy === 'copied' ? <CheckIcon /> : <CopyIcon />}
                {copy === 'copied' ? 'Copied' : 'Copy'}
              </Button>
              <Button data-testid="recovery-key-print" onClick={() => window.print()}>
                <PrinterIcon />
                Print
              </Button>
            </div>
            <p className="status-line" role="status" aria-live="polite">
              {copy === 'unavailable' &&
                `Copying is not available here. The key is selected: press ${isMacLike() ? '⌘C' : 'Ctrl+C'} to copy it, or write it down.`}
            </p>
          </div>

          <label className="checkbox">
            <input
              type="checkbox"
              data-testid="recovery-key-ack"
              checked={saved}
              onChange={(event) => setSaved(event.target.checked)}
            />
            <span>I have saved my recovery key</span>
          </label>

          <Button
            variant="primary"
            size="lg"
            data-testid="recovery-key-continue"
            disabled={!saved}
            onClick={onContinue}
          >
            Continue
          </Button>
        </div>
      </div>
    </AuthLayout>
  );
}
