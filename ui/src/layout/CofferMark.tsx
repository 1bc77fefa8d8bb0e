// Coffer's mark: a strongbox, drawn inline so nothing is fetched from elsewhere.
export function CofferMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <rect x="3" y="7" width="26" height="20" rx="4" fill="#1f6feb" />
      <rect x="8" y="3" width="16" height="6" rx="2" fill="#0b3d91" />
      <circle cx="16" cy="17" r="4" fill="#fff" />
    </svg>
  );
}
