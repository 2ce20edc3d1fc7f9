/**
 * A strict, small XML 1.0 reader for tests: elements, attributes, text, comments, CDATA and the five
 * predefined entities plus character references. Throws on anything a conforming parser rejects that an
 * SVG writer could plausibly get wrong (unbalanced or mismatched tags, unquoted or duplicate attributes,
 * a bare `<` or `&`, undefined entities, two roots, forbidden characters).
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_:.-]*/;

export function parseXml(source: string): XmlElement {
  let i = 0;
  const fail = (msg: string): never => {
    const line = source.slice(0, i).split('\n').length;
    throw new Error(`XML: ${msg} at line ${line}: ${JSON.stringify(source.slice(i, i + 40))}`);
  };
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(source)) fail('forbidden character');
  const decode = (raw: string): string =>
    raw.replace(/&([^;&\s]*);?/g, (m, ent: string) => {
      if (!m.endsWith(';')) fail(`bare & in ${JSON.stringify(raw)}`);
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      if (ent in named) return named[ent];
      const num = /^#(\d+)$/.exec(ent)?.[1] ?? (/^#x([0-9a-fA-F]+)$/.exec(ent) ? parseInt(ent.slice(2), 16).toString() : undefined);
      if (num === undefined) fail(`undefined entity &${ent};`);
      return String.fromCodePoint(Number(num));
    });
  const skipWs = () => {
    while (i < source.length && /\s/.test(source[i])) i++;
  };
  const skipMisc = () => {
    for (;;) {
      skipWs();
      if (source.startsWith('<?', i)) {
        const end = source.indexOf('?>', i);
        if (end < 0) fail('unterminated processing instruction');
        i = end + 2;
      } else if (source.startsWith('<!--', i)) {
        const end = source.indexOf('-->', i);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else return;
    }
  };
  const element = (): XmlElement => {
    if (source[i] !== '<') fail('expected <');
    i++;
    const name = NAME.exec(source.slice(i))?.[0] ?? fail('bad element name');
    i += name.length;
    const el: XmlElement = { name, attributes: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipWs();
      if (source.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (source[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('expected whitespace before attribute');
      const attr = NAME.exec(source.slice(i))?.[0] ?? fail('bad attribute name');
      i += attr.length;
      skipWs();
      if (source[i] !== '=') fail(`attribute ${attr} without =`);
      i++;
      skipWs();
      const quote = source[i];
      if (quote !== '"' && quote !== "'") fail(`attribute ${attr} not quoted`);
      const end = source.indexOf(quote, i + 1);
      if (end < 0) fail('unterminated attribute');
      const raw = source.slice(i + 1, end);
      if (raw.includes('<')) fail(`< in attribute ${attr}`);
      if (attr in el.attributes) fail(`duplicate attribute ${attr}`);
      el.attributes[attr] = decode(raw);
      i = end + 1;
    }
    for (;;) {
      const lt = source.indexOf('<', i);
      if (lt < 0) fail(`unclosed <${name}>`);
      const text = source.slice(i, lt);
      if (text.includes(']]>')) fail(']]> in text');
      el.text += decode(text);
      i = lt;
      if (source.startsWith('</', i)) {
        i += 2;
        const close = NAME.exec(source.slice(i))?.[0] ?? fail('bad closing tag');
        if (close !== name) fail(`</${close}> closes <${name}>`);
        i += close.length;
        skipWs();
        if (source[i] !== '>') fail('expected >');
        i++;
        return el;
      }
      if (source.startsWith('<!--', i)) {
        const end = source.indexOf('-->', i);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else if (source.startsWith('<![CDATA[', i)) {
        const end = source.indexOf(']]>', i);
        if (end < 0) fail('unterminated CDATA');
        el.text += source.slice(i + 9, end);
        i = end + 3;
      } else {
        el.children.push(element());
      }
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (i !== source.length) fail('content after the root element');
  return root;
}

export function* walk(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of el.children) yield* walk(c);
}

/** All text in an element and its descendants. */
export function textOf(el: XmlElement): string {
  return el.text + el.children.map(textOf).join('');
}
