// Which element of the page is the article, by the rule of errata/text/article.py (the
// server's twin, used by `errata check-page`); both run tests/fixtures/text/article-vectors.json.
// Evidence, strongest first: the publisher's marker, the site's article selector,
// schema.org articleBody, the JSON-LD NewsArticle's articleBody, a Readability-like score
// of containers, the whole page. docs/widget.md ("Finding the article") says why.

import { BLOCK, hides } from "./text.js";

const POSITIVE = /article|body|content|entry|main|page|post|text|blog|story/i;
const NEGATIVE =
  /comment|meta|foot|related|share|social|sidebar|widget|promo|sponsor|banner|tags|masthead|newsletter|subscribe|nav|menu/i;
// A candidate's own weight by element (Readability's initializeNode).
const WEIGHTS = { div: 5, pre: 3, td: 3, blockquote: 3, th: -5 };
for (const t of "ol ul li form dl dd dt".split(" ")) WEIGHTS[t] = -3;
for (let i = 1; i < 7; i++) WEIGHTS["h" + i] = -5;
// A paragraph's points go to its parent, half to its grandparent, then a sixth, a ninth…
const SHARES = [1, 1 / 2, 1 / 6, 1 / 9, 1 / 12];
const words = (s) => s.match(/\S+/g) || [];

// [element, evidence]: evidence is marker, selector, articleBody, json-ld, score or page.
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
  if ((el = first("[itemprop=articleBody]"))) return widen(el, "articleBody");
  // The JSON-LD NewsArticle's articleBody: the smallest element holding its first and last words.
  const ends = jsonLd();
  if (ends) {
    for (el of visible.slice().reverse()) {
      const text = words(el.textContent).join(" ");
      if (text.includes(ends[0]) && text.includes(ends[1])) return widen(el, "json-ld");
    }
  }
  return score();

  function score() {
    const scores = new Map();
    const prose = new Map(); // characters of paragraphs, not in links, within
    for (const p of visible) {
      const n = p.localName;
      const c = chars.get(p);
      if (!(/^(p|pre|td)$/.test(n) || (n == "div" && ![...p.children].some((k) => BLOCK.has(k.localName)))) || c < 25)
        continue;
      for (let a = p.parentElement; a; a = a.parentElement) prose.set(a, (prose.get(a) || 0) + c - linked.get(p));
      const text = p.textContent;
      const points = 1 + text.split(/[,，]/).length - 1 + Math.min(3, Math.floor(c / 100));
      let a = p.parentElement;
      for (const share of SHARES) {
        if (!a || a.localName == "html") break;
        if (!scores.has(a)) scores.set(a, (WEIGHTS[a.localName] || 0) + hint(a));
        scores.set(a, scores.get(a) + points * share);
        a = a.parentElement;
      }
    }
    let best;
    let top;
    for (const [e, s] of scores) {
      const f = s * (1 - linked.get(e) / chars.get(e));
      if (!best || f > top) [best, top] = [e, f];
    }
    if (!best) return [document.body, "page"];
    // An article split in sibling blocks: up to the parent while what it adds is mostly prose.
    let chosen = best;
    for (let a; (a = chosen.parentElement) && !/^(body|html)$/.test(a.localName); chosen = a) {
      if (2 * ((prose.get(a) || 0) - prose.get(best)) < chars.get(a) - chars.get(best)) break;
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

// The first and last eight words of the first JSON-LD NewsArticle's articleBody.
function jsonLd() {
  const items = (d) =>
    Array.isArray(d) ? d.flatMap(items) : d && typeof d == "object" ? [d, ...items(d["@graph"])] : [];
  for (const script of document.querySelectorAll("script")) {
    if (script.type.trim().toLowerCase() != "application/ld+json") continue;
    let data;
    try {
      data = JSON.parse(script.text);
    } catch {
      continue;
    }
    for (const item of items(data)) {
      const w = [item["@type"]].flat().includes("NewsArticle") && typeof item.articleBody == "string" && words(item.articleBody);
      if (w && w.length) return [w.slice(0, 8).join(" "), w.slice(-8).join(" ")];
    }
  }
}

function hint(el) {
  const names = (el.getAttribute("class") || "") + " " + el.id;
  return 25 * POSITIVE.test(names) - 25 * NEGATIVE.test(names);
}
