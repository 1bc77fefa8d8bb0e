// The Restores list's empty-state picture (the spec's img-no-restores): a backup box with an
// arrow going back into a cluster. Drawn here, no external asset.
export function NoRestoresImage() {
  return (
    <svg width="160" height="110" viewBox="0 0 160 110" aria-hidden="true">
      <rect x="14" y="30" width="56" height="50" rx="8" fill="#e8f0fe" stroke="#8fb1f5" strokeWidth="2" />
      <rect x="24" y="42" width="36" height="6" rx="3" fill="#8fb1f5" />
      <rect x="24" y="54" width="28" height="6" rx="3" fill="#b9cef9" />
      <path d="M76 55 h30" stroke="#1f6feb" strokeWidth="3" strokeLinecap="round" />
      <path d="M100 47 l9 8 l-9 8" fill="none" stroke="#1f6feb" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
      <polygon points="132,28 150,38 150,62 132,72 114,62 114,38" fill="#f1f5f9" stroke="#94a3b8" strokeWidth="2" />
      <circle cx="132" cy="50" r="7" fill="#cbd5e1" />
      <ellipse cx="80" cy="98" rx="62" ry="5" fill="#eef2f7" />
    </svg>
  );
}
