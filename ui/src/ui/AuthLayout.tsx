import type { ReactNode } from 'react';
import { Brand } from './Brand';

/** The centred card used before the vault is open. */
export function AuthLayout({
  children,
  wide = false,
  testId,
}: {
  children: ReactNode;
  wide?: boolean;
  testId?: string;
}) {
  return (
    <main className="auth" data-testid={testId}>
      <div className={wide ? 'auth-card auth-card-wide' : 'auth-card'}>
        <div className="auth-brand no-print">
          <Brand size="lg" />
        </div>
        {children}
      </div>
    </main>
  );
}
