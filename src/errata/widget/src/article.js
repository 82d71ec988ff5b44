// Which element of the page is the article, by the rule of errata/text/article.py (the
// server's twin, used by `errata check-page`); both run tests/fixtures/text/article-vectors.json.
// Evidence, strongest first: the publisher's marker, the site's article selector,
// schema.org articleBody, a Readability-like score of containers, the whole page. docs/widget.md ("Finding the article") says why.

import { BLOCK, hides } from "./text.js";

// [element, evidence]: evidence is marker, selector, articleBody, score or page.
export function find(selector) {
  const chars = new Map(); // visible non-space characters
  const linked = new Map(); // of which inside links
  const visible = []; // in document order
  const measure = (el, link) => {
    let c = 0;
    visible.push(el);
    link ||= el.localName == "a";
    for (let n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType == 3) c += n.data.replace(/\s/g, "").length;
      else if (n.nodeType == 1 && !hides(n, false)) c += measure(n, link);
    }
    chars.set(el, c);
    linked.set(el, link ? c : [...el.children].reduce((a, k) => a + (linked.get(k) || 0), 0));
    return c;
  };
  measure(document.documentElement);
  const first = (s) => {
    try {
      return [...document.querySelectorAll(s)].find((e) => chars.has(e));
    } catch {
      // Not a selector this browser knows: the next evidence decides.
    }
  };
  let el = first("[data-errata-article]");
  if (el) return [el, "marker"];
  if (selector && (el = first(selector))) return [el, "selector"];
  if ((el = first("[itemprop~=articleBody]"))) return widen(el, "articleBody");
  return score();

  function score() {
    const scores = new Map();
    const prose = new Map(); // characters of paragraphs and list items, not in links, within
    for (const p of visible) {
      const n = p.localName;
      const c = chars.get(p);
      if (!(/^(p|pre|td)$/.test(n) || (/^(div|li)$/.test(n) && ![...p.children].some((k) => BLOCK.has(k.localName)))) || c < 25)
        continue;
      const points = c - linked.get(p);
      for (let a = p.parentElement; a; a = a.parentElement) prose.set(a, (prose.get(a) || 0) + points);
      if (n == "li") continue; // prose for joining blocks, but no score: menus are lists too
      // The parent's, half for the grandparent.
      for (let a = p.parentElement, share = 1; share > 0.4 && a && a.localName != "html"; a = a.parentElement, share /= 2)
        scores.set(a, (scores.get(a) || 0) + points * share);
    }
    let best;
    let top;
    for (const [e, s] of scores) {
      const f = s * (1 - linked.get(e) / chars.get(e));
      if (!best || f > top) [best, top] = [e, f];
    }
    if (!best) return [document.body, "page"];
    // An article split in sibling blocks: their common parent, up to the highest ancestor
    // that adds prose while what it adds is at least half prose, besides 100 characters of
    // headings and labels; not above <main>.
    let chosen = best;
    for (let e = best, a; e.localName != "main" && !/^(body|html)$/.test((a = e.parentElement)?.localName); e = a) {
      if (2 * (prose.get(a) - prose.get(best)) + 100 < chars.get(a) - chars.get(best)) break;
      if (prose.get(a) > prose.get(chosen)) chosen = a;
    }
    return widen(chosen, "score");
  }

  // The nearest ancestor holding the headline (the last <h1> before), when that adds little.
  function widen(root, evidence) {
    let h;
    if (![...root.querySelectorAll("h1")].concat(root.matches("h1") ? root : []).some((e) => chars.has(e))) {
      for (const e of visible) {
        if (e == root) break;
        if (e.localName == "h1") h = e;
      }
    }
    let common = h?.parentElement;
    while (common && !common.contains(root)) common = common.parentElement;
    const c = chars.get(root);
    return [common && chars.get(common) - c <= Math.max(600, Math.floor(c / 4)) ? common : root, evidence];
  }
}
