import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { AppFrame } from './frame/AppFrame';
import { ShortcutsDialog } from './frame/ShortcutsDialog';
import { isTypingTarget } from './lib/keyboard';
import { matches, useKeydown } from './lib/shortcuts';
import { AppError, commands } from './ipc';
import { onMenuItem, setWindowTitle } from './ipc/window';
import type { BackupList, VaultCreated, VaultStatus } from './ipc';
import { CreateVault } from './screens/CreateVault';
import type { SessionState } from './ipc';
import { RecoveryKey } from './screens/RecoveryKey';
import { RestoreBackup } from './screens/RestoreBackup';
import { Splash } from './screens/Splash';
import { Unlock } from './screens/Unlock';
import type { LockedVault } from './screens/Unlock';

/** Where the app is between start and an open vault. */
type Screen =
  | { kind: 'starting' }
  | { kind: 'unlocking' }
  | { kind: 'start-failed'; error: AppError }
  | { kind: 'create'; session: SessionState }
  /** The vault is missing (and backups exist) or damaged: offer the backups. */
  | { kind: 'restore'; list: BackupList; damage: string | null; session: SessionState | null }
  | { kind: 'recovery'; created: VaultCreated; createdAt: Date }
  | { kind: 'unlock'; vault: LockedVault; reason: string | null }
  | { kind: 'open'; status: VaultStatus | null };

function lockedVault(from: Pick<SessionState, 'path' | 'key_source' | 'has_passphrase'>): LockedVault {
  return { path: from.path, keySource: from.key_source, hasPassphrase: from.has_passphrase };
}

/**
 * Decides the first screen. A vault whose key is in the keychain is opened
 * without asking; if the keychain cannot give the key, the user is asked for
 * a secret and told why.
 */
async function boot(onUnlocking: () => void): Promise<Screen> {
  let session: SessionState;
  try {
    session = await commands.vaultState();
  } catch (error) {
    const appError = AppError.from(error);
    if (appError.code === 'corrupt') return damaged(appError);
    return { kind: 'start-failed', error: appError };
  }
  switch (session.lifecycle) {
    case 'missing': {
      // Deleted or lost: the automatic backups bring the book back.
      const list = await backupsOrNull();
      if (list && list.backups.length > 0) return { kind: 'restore', list, damage: null, session };
      return { kind: 'create', session };
    }
    case 'unlocked':
      return { kind: 'open', status: null };
    case 'locked':
      if (session.key_source !== 'keychain') {
        return { kind: 'unlock', vault: lockedVault(session), reason: null };
      }
      onUnlocking();
      try {
        return { kind: 'open', status: await commands.vaultUnlockKeychain() };
      } catch (error) {
        const appError = AppError.from(error);
        if (appError.code === 'corrupt') return damaged(appError);
        return { kind: 'unlock', vault: lockedVault(session), reason: appError.message };
      }
  }
}

async function backupsOrNull(): Promise<BackupList | null> {
  try {
    return await commands.backupList();
  } catch {
    return null;
  }
}

/** The vault's files are damaged or half gone: say so, and offer the backups. */
async function damaged(error: AppError): Promise<Screen> {
  const list = await backupsOrNull();
  return { kind: 'restore', list: list ?? { folder: '', is_default: true, backups: [] }, damage: error.message, session: null };
}

export function App() {
  const [shortcuts, setShortcuts] = useState(false);
  const closeShortcuts = useCallback(() => setShortcuts(false), []);
  // Help → Keyboard Shortcuts (F1), on any screen; ? too, when not typing.
  useEffect(
    () =>
      onMenuItem((item) => {
        if (item === 'shortcuts') setShortcuts(true);
      }),
    [],
  );
  useKeydown((event) => {
    if (event.defaultPrevented || !matches('shortcuts', event) || isTypingTarget(event.target)) return;
    event.preventDefault();
    setShortcuts(true);
  });
  return (
    <>
      <Screens />
      {shortcuts && <ShortcutsDialog onClose={closeShortcuts} />}
    </>
  );
}

function Screens() {
  const queryClient = useQueryClient();
  const [screen, setScreen] = useState<Screen>({ kind: 'starting' });
  // The open vault's pages name the window themselves (frame/windowTitle.ts).
  useEffect(() => {
    if (screen.kind !== 'open') setWindowTitle('Rapport');
  }, [screen.kind]);
  // Strict mode mounts twice in development; the keychain must be asked once.
  const booted = useRef(false);

  const start = useCallback(async () => {
    setScreen(await boot(() => setScreen({ kind: 'unlocking' })));
  }, []);

  useEffect(() => {
    if (booted.current) return;
    booted.current = true;
    void start();
  }, [start]);

  const retryStart = () => {
    setScreen({ kind: 'starting' });
    void start();
  };

  const onLocked = (status: VaultStatus | null) => {
    // Nothing read from the vault outlives the lock.
    queryClient.clear();
    setScreen({
      kind: 'unlock',
      vault: status ? lockedVault(status) : { path: null, keySource: null, hasPassphrase: true },
      reason: null,
    });
  };

  const onRestored = (status: VaultStatus) => {
    queryClient.clear();
    setScreen({ kind: 'open', status });
  };

  const onDamaged = (error: AppError) => {
    void damaged(error).then(setScreen);
  };

  switch (screen.kind) {
    case 'starting':
      return <Splash message="Opening Rapport…" />;
    case 'unlocking':
      return <Splash message="Unlocking…" />;
    case 'start-failed':
      return <Splash message="Rapport could not open its vault." error={screen.error.message} onRetry={retryStart} />;
    case 'create':
      return (
        <CreateVault
          session={screen.session}
          onCreated={(created) => setScreen({ kind: 'recovery', created, createdAt: new Date() })}
        />
      );
    case 'restore': {
      const { session } = screen;
      return (
        <RestoreBackup
          list={screen.list}
          damage={screen.damage}
          onRestored={onRestored}
          onCreateNew={session ? () => setScreen({ kind: 'create', session }) : undefined}
          onRetry={screen.damage ? retryStart : undefined}
        />
      );
    }
    case 'recovery':
      return (
        <RecoveryKey
          recoveryKey={screen.created.recovery_key}
          path={screen.created.status.path}
          createdAt={screen.createdAt}
          // Leaving this screen replaces the state that held the key.
          onContinue={() => setScreen({ kind: 'open', status: screen.created.status })}
        />
      );
    case 'unlock':
      return (
        <Unlock
          vault={screen.vault}
          reason={screen.reason}
          onUnlocked={(status) => setScreen({ kind: 'open', status })}
          onVaultMissing={retryStart}
          onDamaged={onDamaged}
        />
      );
    case 'open':
      return <AppFrame initialStatus={screen.status} onLocked={onLocked} />;
  }
}
