import { Button } from '../ui/Button';
import { AuthLayout } from '../ui/AuthLayout';

/** A short-lived screen while starting, or the reason starting failed. */
export function Splash({
  message,
  error,
  onRetry,
}: {
  message: string;
  error?: string;
  onRetry?: () => void;
}) {
  return (
    <AuthLayout testId="splash">
      <div className="splash" role="status" aria-live="polite">
        {!error && <span className="spinner spinner-lg" aria-hidden="true" />}
        <p className="splash-message">{message}</p>
        {error && <p className="form-error">{error}</p>}
        {onRetry && (
          <Button variant="primary" onClick={onRetry}>
            Try again
          </Button>
        )}
      </div>
    </AuthLayout>
  );
}
