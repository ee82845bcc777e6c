/**
 * Reads a Lync autodiscover XML document the way SIPE 1.25 consumes it (sipe.md §1.4): Root links
 * `Redirect` / `User`, `User/Link` Redirect, and the `SipClientInternalAccess` /
 * `SipClientExternalAccess` entries restricted by the root `AccessLocation` attribute. Pure.
 */
import { XMLParser } from 'fast-xml-parser';

export interface AutodiscoverDoc {
  accessLocation?: string;
  /** Root/Link entries, in document order */
  rootLinks: { token: string; href: string }[];
  /** User/Link entries */
  userLinks: { token: string; href: string }[];
  /** present when the document has a User element */
  user?: { internal?: { fqdn: string; port: number }; external?: { fqdn: string; port: number } };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  isArray: (name) => name === 'Link',
  processEntities: true,
  htmlEntities: false,
});

type Node = Record<string, unknown>;

function links(node: unknown): { token: string; href: string }[] {
  if (!node || typeof node !== 'object') return [];
  const list = (node as Node)['Link'];
  if (!Array.isArray(list)) return [];
  return list.flatMap((l) => {
    const token = (l as Node)['@token'];
    const href = (l as Node)['@href'];
    return typeof token === 'string' && typeof href === 'string' ? [{ token, href }] : [];
  });
}

function access(node: unknown): { fqdn: string; port: number } | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const fqdn = (node as Node)['@fqdn'];
  const port = Number((node as Node)['@port'] ?? 0);
  // SIPE ignores entries without fqdn or with port 0
  return typeof fqdn === 'string' && fqdn && Number.isInteger(port) && port > 0 ? { fqdn, port } : undefined;
}

/** undefined when the body is not XML with an AutodiscoverResponse root. */
export function parseAutodiscoverXml(body: string): AutodiscoverDoc | undefined {
  let doc: Node;
  try {
    doc = parser.parse(body, true) as Node;
  } catch {
    return undefined;
  }
  const root = doc['AutodiscoverResponse'];
  if (!root || typeof root !== 'object') return undefined;
  const r = root as Node;
  const out: AutodiscoverDoc = { rootLinks: links(r['Root']), userLinks: links(r['User']) };
  const loc = r['@AccessLocation'];
  if (typeof loc === 'string') out.accessLocation = loc;
  if ('User' in r) {
    const u = (r['User'] && typeof r['User'] === 'object' ? r['User'] : {}) as Node;
    const internal = access(u['SipClientInternalAccess']);
    const external = access(u['SipClientExternalAccess']);
    out.user = { ...(internal ? { internal } : {}), ...(external ? { external } : {}) };
  }
  return out;
}

/** The SIP servers SIPE takes from a User element: internal first, AccessLocation restricting. */
export function autodiscoverServers(doc: AutodiscoverDoc): { host: string; port: number; access: 'internal' | 'external' }[] {
  if (!doc.user) return [];
  const loc = doc.accessLocation?.toLowerCase();
  const out: { host: string; port: number; access: 'internal' | 'external' }[] = [];
  if (doc.user.internal && (!loc || loc === 'internal')) out.push({ host: doc.user.internal.fqdn.toLowerCase(), port: doc.user.internal.port, access: 'internal' });
  if (doc.user.external && (!loc || loc === 'external')) out.push({ host: doc.user.external.fqdn.toLowerCase(), port: doc.user.external.port, access: 'external' });
  return out;
}
