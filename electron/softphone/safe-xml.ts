/**
 * Reading an XML document that arrived from the network (the presence and dialog documents of the
 * team-lead board): a real parser (fast-xml-parser) behind hard limits, namespaces resolved. Refused
 * with an XmlRefused error that says why: a document longer than its limit, any DOCTYPE (so no entity
 * can be declared) or entity declaration, a reference to an entity other than XML's five predefined
 * ones and character references, nesting deeper than the limit, anything that is not one well-formed
 * root element, an undeclared namespace prefix, and a root element other than the one expected.
 * Nothing is expanded: entity and character references are left as written.
 */
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import { must } from '../../shared/must';

export class XmlRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlRefused';
  }
}

export interface XmlElement {
  /** The local name (without its prefix). */
  name: string;
  /** The namespace the element is in (from the xmlns declarations in scope), null for none. */
  ns: string | null;
  /** Unprefixed attributes (namespace declarations excluded), as written. */
  attributes: ReadonlyMap<string, string>;
  children: XmlElement[];
  /** The element's own text, trimmed. */
  text: string;
}

export interface XmlLimits {
  maxChars: number;
  maxDepth: number;
  /** The one root element the document must have. */
  root: { ns: string; name: string };
}

/** The first element, in document order, below `from` with this namespace and local name. */
export function firstDescendant(from: XmlElement, ns: string, name: string): XmlElement | undefined {
  for (const child of from.children) {
    if (child.ns === ns && child.name === name) return child;
    const found = firstDescendant(child, ns, name);
    if (found) return found;
  }
  return undefined;
}

const PREDEFINED_OR_CHARACTER = /&(?!(?:lt|gt|amp|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});)/;

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, unknown> };

export function readXml(xml: string, limits: XmlLimits): XmlElement {
  if (typeof xml !== 'string') throw new XmlRefused('not a text document');
  if (xml.length > limits.maxChars) throw new XmlRefused(`document too large (${xml.length} characters, at most ${limits.maxChars})`);
  if (/<!DOCTYPE/i.test(xml)) throw new XmlRefused('DOCTYPE refused (no DTD and no entity declarations are accepted)');
  if (/<!ENTITY/i.test(xml)) throw new XmlRefused('entity declaration refused');
  if (PREDEFINED_OR_CHARACTER.test(xml)) throw new XmlRefused('entity reference refused (only &lt; &gt; &amp; &quot; &apos; and character references)');
  wellFormed(xml);
  let nodes: OrderedNode[];
  try {
    nodes = parser(limits.maxDepth).parse(xml) as OrderedNode[];
  } catch (err) {
    const why = err instanceof Error ? err.message : '';
    throw new XmlRefused(/nested/i.test(why) ? `nested deeper than ${limits.maxDepth} elements` : `not readable XML: ${why.slice(0, 120)}`);
  }
  const roots = nodes.filter((n) => tagOf(n) !== null);
  if (roots.length !== 1) throw new XmlRefused(`expected one root element, found ${roots.length}`);
  const root = toElement(must(roots[0], 'the one root element'), new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), 1, limits.maxDepth);
  if (root.name !== limits.root.name || root.ns !== limits.root.ns) {
    throw new XmlRefused(
      `root element must be <${limits.root.name}> in ${limits.root.ns}, not <${root.name.slice(0, 40)}> in ${(root.ns ?? 'no namespace').slice(0, 80)}`,
    );
  }
  return root;
}

/** Throws XmlRefused unless the text is well-formed XML. More than one root is left to readXml (it says how many). */
function wellFormed(xml: string): void {
  try {
    SyntaxValidator.validate(xml, { multipleRoots: true, allowBooleanAttributes: false });
  } catch (err) {
    const why = err instanceof Error ? err.message : '';
    const line = typeof (err as { line?: unknown }).line === 'number' ? ` (line ${String((err as { line: number }).line)})` : '';
    throw new XmlRefused(`not well-formed XML: ${why.slice(0, 120)}${line}`);
  }
}

function parser(maxDepth: number): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    allowBooleanAttributes: false,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    trimValues: true,
    maxNestedTags: maxDepth,
  });
}

/** The tag of an ordered node, null for text (and anything else that is not an element). */
function tagOf(node: OrderedNode): string | null {
  const key = Object.keys(node).find((k) => k !== ':@');
  return key === undefined || key === '#text' || key.startsWith('?') ? null : key;
}

function toElement(node: OrderedNode, inScope: ReadonlyMap<string, string>, depth: number, maxDepth: number): XmlElement {
  if (depth > maxDepth) throw new XmlRefused(`nested deeper than ${maxDepth} elements`);
  const tag = must(tagOf(node), 'an element (only elements are walked)');
  const scope = new Map(inScope);
  const attributes = new Map<string, string>();
  for (const [key, value] of Object.entries(node[':@'] ?? {})) {
    const text = String(value);
    if (key === 'xmlns') scope.set('', text);
    else if (key.startsWith('xmlns:')) scope.set(key.slice(6), text);
    else if (!key.includes(':')) attributes.set(key, text);
  }
  const colon = tag.indexOf(':');
  const prefix = colon > 0 ? tag.slice(0, colon) : '';
  const name = colon > 0 ? tag.slice(colon + 1) : tag;
  if (prefix && !scope.has(prefix)) throw new XmlRefused(`undeclared namespace prefix '${prefix.slice(0, 40)}'`);
  const ns = scope.get(prefix) || null;
  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[tag] as OrderedNode[] | undefined) ?? []) {
    if (tagOf(child) !== null) children.push(toElement(child, scope, depth + 1, maxDepth));
    else if (typeof child['#text'] === 'string') text += child['#text'];
  }
  return { name, ns, attributes, children, text: text.trim() };
}
