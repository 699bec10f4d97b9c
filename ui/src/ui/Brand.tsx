/** The product mark and name. */
export function Brand({ size = 'md' }: { size?: 'md' | 'lg' }) {
  return (
    <div className={`brand brand-${size}`}>
      <span className="brand-mark" aria-hidden="true">
        R
      </span>
      <span className="brand-name">Rapport</span>
    </div>
  );
}
