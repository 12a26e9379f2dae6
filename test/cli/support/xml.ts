/**
 * A strict little XML reader for checking the SVG the CLI writes: it throws on anything that is not well-formed
 * (unclosed or mismatched tags, unquoted or duplicate attributes, a bare `<` or `&`, text after the root) and gives
 * back an element tree to query. Enough for generated SVG: no DTDs, no namespaces processing.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITY = /^&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/;

export function parseXml(source: string): XmlElement {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`XML not well-formed at offset ${i}: ${what} near ${JSON.stringify(source.slice(i, i + 40))}`);
  };
  const skipSpace = () => {
    while (i < source.length && /\s/.test(source[i])) i++;
  };
  const decode = (raw: string): string => {
    for (let k = 0; k < raw.length; k++) {
      if (raw[k] === '<') fail('bare < in text or attribute');
      if (raw[k] === '&' && !ENTITY.test(raw.slice(k))) fail('bare & (not an entity)');
    }
    return raw
      .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
      .replace(/&#x([0-9a-fA-F]+);/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))
      .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
      .replace(/&amp;/g, '&');
  };
  const readName = (): string => {
    const m = NAME.exec(source.slice(i));
    if (!m) fail('expected a name');
    i += m![0].length;
    return m![0];
  };
  const element = (): XmlElement => {
    if (source[i] !== '<') fail('expected <');
    i++;
    const node: XmlElement = { name: readName(), attributes: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipSpace();
      if (source.startsWith('/>', i)) {
        i += 2;
        return node;
      }
      if (source[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('expected whitespace before an attribute');
      const attribute = readName();
      if (attribute in node.attributes) fail(`duplicate attribute ${attribute}`);
      skipSpace();
      if (source[i] !== '=') fail('expected =');
      i++;
      skipSpace();
      const quote = source[i];
      if (quote !== '"' && quote !== "'") fail('attribute value not quoted');
      const end = source.indexOf(quote, i + 1);
      if (end < 0) fail('unterminated attribute value');
      node.attributes[attribute] = decode(source.slice(i + 1, end));
      i = end + 1;
    }
    for (;;) {
      if (i >= source.length) fail(`unclosed <${node.name}>`);
      if (source.startsWith('</', i)) {
        i += 2;
        const closing = readName();
        if (closing !== node.name) fail(`</${closing}> closes <${node.name}>`);
        skipSpace();
        if (source[i] !== '>') fail('expected >');
        i++;
        return node;
      }
      if (source.startsWith('<!--', i)) {
        const end = source.indexOf('-->', i);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
        continue;
      }
      if (source[i] === '<') {
        node.children.push(element());
        continue;
      }
      const next = source.indexOf('<', i);
      const raw = source.slice(i, next < 0 ? source.length : next);
      node.text += decode(raw);
      i += raw.length;
    }
  };
  skipSpace();
  if (source.startsWith('<?xml', i)) {
    const end = source.indexOf('?>', i);
    if (end < 0) fail('unterminated XML declaration');
    i = end + 2;
    skipSpace();
  }
  const root = element();
  skipSpace();
  if (i !== source.length) fail('content after the root element');
  return root;
}

/** Every element below (and including) `root` that satisfies `test`, in document order. */
export function findAll(root: XmlElement, test: (e: XmlElement) => boolean): XmlElement[] {
  const found: XmlElement[] = [];
  const visit = (e: XmlElement) => {
    if (test(e)) found.push(e);
    e.children.forEach(visit);
  };
  visit(root);
  return found;
}
