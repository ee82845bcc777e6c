/** `{placeholder}` templates used by rule messages and remediations. */
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '');
}

/** Fill `{name}` from data; unknown names stay as written so a gap is visible, never silently empty. */
export function fill(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    const v = data?.[name];
    return v === undefined ? whole : String(v);
  });
}
