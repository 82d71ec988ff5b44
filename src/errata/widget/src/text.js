// The article text and selectors, by the rule in docs/text-normalisation.md.
// The server applies the same rule (errata/text/); both are checked against
// tests/fixtures/text/normalisation.json. Offsets count Unicode code points, not the
// UTF-16 units JavaScript strings are made of.

export const BLOCK = new Set(
  "address article aside blockquote body caption dd details dialog div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table tbody td tfoot th thead tr ul".split(
    " ",
  ),
);
const SKIP = new Set(
  "audio button canvas head iframe math noscript object script select style svg template textarea title video".split(
    " ",
  ),
);
// Around an article but not of it (the same rule as errata/text/html.py).
const LEFT_OUT = new Set(["aside", "footer", "form", "nav"]);
const NAMES = /(?:^|[\s_-])(?:comments?|related|share|social|promo|newsletter|lire-?aussi)(?:[\s_-]|$)/i;
const INVISIBLE = /[\u00ad\u200b\u2060\ufeff]/;
const BLANK = /^[ \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;
// NFC is applied per base character and its combining marks (plus Hangul jamo runs), so
// that every output character can be traced back to where it came from in the input.
const CLUSTER = /(?:[\u1100-\u115f\uac00-\ud7a3][\u1160-\u11ff]*|[^])\p{M}*/gu;
export const CONTEXT = 32;

// Normalise `raw`. Returns the text and at(i): the code point offset in the text of the
// UTF-16 index i of `raw` (the number of text characters that come from before i).
export function normalise(raw) {
  const units = [];
  let i = 0;
  for (const cluster of raw.match(CLUSTER) || []) {
    for (const c of cluster.normalize("NFC")) {
      if (!INVISIBLE.test(c)) units.push([c == "\t" || c == "\v" || c == "\f" ? " " : c, i]);
    }
    i += cluster.length;
  }
  const out = [];
  let line = [];
  let gap = null; // the break before the next non-blank line: [separator, raw index]
  const flush = (end) => {
    // A line: runs of spaces become one, spaces trimmed at both ends.
    const kept = line.filter((u, k) => u[0] != " " || (k && line[k - 1][0] != " "));
    while (kept.length && kept[0][0] == " ") kept.shift();
    while (kept.length && kept.at(-1)[0] == " ") kept.pop();
    if (BLANK.test(kept.map((u) => u[0]).join(""))) {
      if (gap) gap[0] = "\n\n";
    } else {
      if (gap && out.length) for (const c of gap[0]) out.push([c, gap[1]]);
      out.push(...kept);
      gap = ["\n", end];
    }
    line = [];
  };
  units.forEach((u, k) => {
    if (u[0] == "\n" && k && units[k - 1][0] == "\r") return; // CR LF is one break
    if (u[0] == "\r" || u[0] == "\n") flush(u[1]);
    else line.push(u);
  });
  flush(i);
  const index = out.map((u) => u[1]);
  return [
    out.map((u) => u[0]).join(""),
    (p) => {
      // Binary search: how many output characters come from before raw index p.
      let lo = 0;
      let hi = index.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (index[mid] < p) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
  ];
}

// `forms`: false when finding the article, which counts a page wrapped in a form as a page.
export const hides = (el, forms = true) =>
  SKIP.has(el.localName) ||
  (LEFT_OUT.has(el.localName) && (forms || el.localName != "form")) ||
  // Not <body> nor <main>, whose names describe the page, nor schema.org's articleBody.
  (!/^(body|main)$/.test(el.localName) &&
    !/(^|\s)articleBody(\s|$)/.test(el.getAttribute("itemprop")) &&
    NAMES.test((el.getAttribute("class") || "") + " " + el.id)) ||
  el.hasAttribute("hidden") ||
  el.hasAttribute("data-errata-ui") ||
  (el.getAttribute("aria-hidden") || "").toLowerCase() == "true" ||
  /display\s*:\s*none/i.test(el.getAttribute("style") || "");

// The article's text as the server would compute it from the same HTML, and a function
// turning a DOM Range inside it into [start, end] code point offsets (or null).
export function read(root) {
  let raw = "";
  const nodes = [];
  const walk = (el) => {
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType == 3) {
        nodes.push([n, raw.length]);
        raw += n.data.replace(/[\t\n\f\r]/g, " ");
      } else if (n.nodeType == 1 && !hides(n)) {
        const block = BLOCK.has(n.localName) ? "\n\n" : "";
        if (n.localName == "br") raw += "\n";
        else {
          raw += block;
          walk(n);
          raw += block;
        }
      }
    }
  };
  walk(root);
  const [text, at] = normalise(raw);
  const position = (container, offset) => {
    for (const [node, start] of nodes) {
      if (node == container) return start + offset;
    }
    // A boundary between nodes: the first text node after it.
    const point = document.createRange();
    point.setStart(container, offset);
    for (const [node, start] of nodes) if (point.comparePoint(node, 0) >= 0) return start;
    return raw.length;
  };
  return {
    text,
    span(range) {
      // Only the part of the selection inside the article counts.
      const r = document.createRange();
      r.selectNodeContents(root);
      if (range.compareBoundaryPoints(Range.START_TO_START, r) > 0)
        r.setStart(range.startContainer, range.startOffset);
      if (range.compareBoundaryPoints(Range.END_TO_END, r) < 0)
        r.setEnd(range.endContainer, range.endOffset);
      if (r.collapsed) return null;
      const chars = Array.from(text);
      let start = at(position(r.startContainer, r.startOffset));
      let end = at(position(r.endContainer, r.endOffset));
      while (start < end && /\s/.test(chars[start])) start++;
      while (end > start && /\s/.test(chars[end - 1])) end--;
      return start < end ? [start, end] : null;
    },
  };
}

// The W3C TextQuoteSelector + TextPositionSelector of text[start:end] (code points).
export function describe(text, start, end) {
  const chars = Array.from(text);
  const cut = (a, b) => chars.slice(Math.max(0, a), b).join("");
  return {
    exact: cut(start, end),
    prefix: cut(start - CONTEXT, start),
    suffix: cut(end, end + CONTEXT),
    start,
    end,
  };
}
