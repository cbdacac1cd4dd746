const palette = [
  '#5e35b1',
  '#1e88e5',
  '#00897b',
  '#43a047',
  '#f4511e',
  '#d81b60',
  '#6d4c41',
  '#3949ab',
];

/** A stable colour per id, so a person keeps their colour across tiles and lists. */
export function avatarColor(id: string): string {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (h * 31 + id.charCodeAt(i)) >>> 0;
  return palette[h % palette.length] ?? '#1e88e5';
}

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const first = parts[0]?.[0] ?? '?';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}
