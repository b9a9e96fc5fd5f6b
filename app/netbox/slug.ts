/**
 * NetBox's slug rule (`^[-a-zA-Z0-9_]+$`, at most 100 characters), made the way NetBox's own form does it
 * (Django's slugify: lower case, accents dropped, runs of other characters become one hyphen).
 */
export const NETBOX_SLUG_MAX_CHARS = 100;

export function netboxSlug(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_\s-]/g, ' ')
    .trim()
    .replace(/[\s-]+/g, '-')
    .slice(0, NETBOX_SLUG_MAX_CHARS)
    .replace(/-+$/, '');
  return slug === '' ? 'x' : slug;
}
