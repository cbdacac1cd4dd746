const CODE = /^[a-z]{3}-[a-z]{4}-[a-z]{3}$/;

/**
 * Accepts a code (`abc-defg-hij`, any case, with or without dashes or spaces) or
 * a pasted meeting link (`https://host/m/abc-defg-hij?x`), and returns the code.
 */
export function parseMeetingCode(input: string): string | null {
  const text = input.trim();
  if (!text) return null;
  const fromLink = /\/m\/([A-Za-z-]+)/.exec(text);
  const raw = (fromLink?.[1] ?? text).toLowerCase().replace(/[\s-]/g, '');
  if (!/^[a-z]{10}$/.test(raw)) return null;
  const code = `${raw.slice(0, 3)}-${raw.slice(3, 7)}-${raw.slice(7)}`;
  return CODE.test(code) ? code : null;
}

export function meetingLink(code: string, origin = window.location.origin): string {
  return `${origin}/m/${code}`;
}
