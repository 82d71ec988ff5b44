// errata's reader widget. The publisher adds one tag and nothing else:
//   <script src="https://errata.example/widget.js" data-site="PUBLIC_KEY" defer></script>
// Options (data-*): lang (overrides the language of the dialog), link="off" (no "Report an
// error" link at the end of the article). docs/widget.md has the whole story.

import { find } from "./article.js";
import { createDialog } from "./dialog.js";
import { h, host } from "./dom.js";
import { describe, read } from "./text.js";

const script = document.currentScript;
// The server's limits on a quote and on an article's text (errata/intake/limits.py).
const QUOTE_MAX = 1000;
const TEXT_MAX = 200000;
const LANGUAGE = /^[a-z]{2,3}(-[a-z\d]{1,8})*$/i;
// The dialog speaks the article's language when the page declares another: the most common
// words of French and of English, counted (docs/widget.md, "Language").
const count = (text, words) => text.match(words)?.length || 0;
const guess = (text) => {
  const fr = count(text, / (de|la|le|et|les|des|est|une|du|en) /gi);
  const en = count(text, / (the|and|of|to|is|that|for|with|was|it) /gi);
  return fr > 2 * en && fr > 9 ? "fr" : en > 2 * fr && en > 9 ? "en" : "";
};

function start() {
  const options = script.dataset;
  if (!options.site || document.querySelector("[data-errata-ui]")) return;
  let [root, evidence] = find();
  const declared = options.lang || root.closest("[lang]")?.lang || "";
  const tag = options.lang || guess(read(root).text) || declared;
  const lang = tag.split("-")[0].toLowerCase();
  const strings = CATALOGUES[lang] || CATALOGUES.en;
  const locale = strings == CATALOGUES.en && lang != "en" ? "en" : LANGUAGE.test(tag) ? tag : lang;
  const t = (id, values = {}) => strings[id].replace(/\{(\w+)\}/g, (_, name) => values[name]);
  const api = (path) => new URL("api/v1/" + path, script.src);
  const url = document.querySelector("link[rel=canonical]")?.href || location.href.split("#")[0];
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);

  // The dialog and the selection button live in the top layer, above any z-index.
  const [top, topShadow] = host(sheet);
  const layer = h("div", { class: "r" });
  topShadow.append(layer);
  document.body.append(top);
  const title = document.querySelector("meta[property='og:title']")?.content || document.title;
  const report = createDialog({
    t,
    api,
    site: options.site,
    article: { url, title: title.trim().slice(0, 500), lang: LANGUAGE.test(declared) ? declared : "" },
    layer,
    shortcut: /Mac|iP/.test(navigator.platform) ? "⌘" : "Ctrl",
  });

  const selected = () => {
    const s = getSelection();
    return s.rangeCount && !s.isCollapsed ? s.getRangeAt(0) : null;
  };
  const open = (range) => {
    const doc = read(root);
    const span = range && doc.span(range);
    if (button.matches(":popover-open")) button.hidePopover();
    report.open(
      span && describe(doc.text, span[0], Math.min(span[1], span[0] + QUOTE_MAX)),
      // Too long to send: errata then anchors in the text it already has, if any.
      doc.text.length > TEXT_MAX ? "" : doc.text,
    );
  };

  // Gesture 1: select a passage, then Ctrl+Enter (Cmd+Enter on a Mac). It always answers:
  // with a selection outside the article, or none, the report is about the whole article.
  // Not in the page's own fields, where the shortcut is the page's.
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if ((e.ctrlKey || e.metaKey) && e.key == "Enter" && !report.isOpen() && !t.isContentEditable && !/^(input|textarea|select)$/.test(t.localName)) {
      e.preventDefault();
      open(selected());
    }
  });

  // Gesture 2: a button next to the selection, for mouse and touch.
  let pending = null;
  let wait = 0;
  const button = h(
    "button",
    {
      type: "button",
      popover: "manual",
      "aria-label": t("report_passage"),
      // Keep the reader's selection: pressing a button would otherwise clear it.
      onpointerdown: (e) => e.preventDefault(),
      onclick: () => open(pending),
    },
    t("report"),
  );
  layer.append(button);
  // Without the Popover API (older browsers) the two other gestures remain.
  const place = () => {
    if (!button.showPopover) return;
    const range = selected();
    if (!range || report.isOpen() || !read(root).span(range)) {
      pending = null;
      return button.matches(":popover-open") && button.hidePopover();
    }
    pending = range.cloneRange();
    const rects = range.getClientRects();
    const box = rects[rects.length - 1] || range.getBoundingClientRect();
    if (!button.matches(":popover-open")) button.showPopover();
    const below = box.bottom + 8;
    button.style.top = (below + 52 > innerHeight ? box.top - 52 : below) + "px";
    button.style.left = Math.max(8, Math.min(box.right - 24, innerWidth - button.offsetWidth - 8)) + "px";
  };
  document.addEventListener("selectionchange", () => {
    clearTimeout(wait);
    wait = setTimeout(place, 150);
  });
  addEventListener("scroll", () => pending && place(), { passive: true });

  // Gesture 3: a link at the end of the article, for a report without a selection; and
  // the published corrections of the article, above it.
  const [end, endShadow] = host(sheet);
  const box = h("div", { class: "w", hidden: true });
  endShadow.append(box);
  root.append(end);
  // The site's article selector, from its configuration, outranks what the page shows.
  report.settings().then(({ article_selector: s }) => {
    const [el, why] = s ? find(s) : [];
    if (why == "selector") (root = el).append(end);
  }, () => {});
  if (evidence == "page") console.warn("errata: no article found; mark it with data-errata-article or set the site's article selector");
  if (options.link != "off") {
    box.append(h("button", { type: "button", class: "link", onclick: () => open() }, t("report")));
    box.hidden = false;
  }
  fetch(api("corrections?" + new URLSearchParams({ site: options.site, url })), {
    credentials: "omit",
  })
    .then((r) => (r.ok ? r.json() : {}))
    .then(({ corrections = [] }) => {
      const date = (iso) => new Date(iso).toLocaleDateString(locale, { dateStyle: "long" });
      for (const c of corrections.slice().reverse()) {
        const said = strings[c.kind] ? t(c.kind, { date: date(c.published_at) }) : c.label;
        box.prepend(h("p", {}, h("strong", {}, said), " ", c.notice || ""));
        box.hidden = false;
      }
    })
    .catch(() => {
      // No notice when errata cannot be reached; the article reads as before.
    });
}

if (script) {
  if (document.readyState == "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}
