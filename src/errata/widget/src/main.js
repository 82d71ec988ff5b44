// errata's reader widget. The publisher adds one tag and nothing else:
//   <script src="https://errata.example/widget.js" data-site="PUBLIC_KEY" defer></script>
// Options (data-*): lang (overrides the language of the dialog), link="off" (no "Report an
// error" link at the end of the article). docs/widget.md has the whole story.
//
// The dialog is the widget's second part (dialog.js, served at /widget.js?part=dialog):
// imported when a reader first selects a passage of the article, reaches the link, or
// presses the shortcut, so that the script every page loads stays small (decision 23).

import { find } from "./article.js";
import { focused, h, host } from "./dom.js";
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
  const key = CATALOGUES[lang] ? lang : "en";
  // The strings of widget.js; the dialog's join them when it loads.
  const strings = CATALOGUES[key];
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

  // The site's configuration (cached by the browser); a refusal rejects with its problem.
  let config = null;
  const settings = () => {
    config ||= fetch(api("widget-config?site=" + encodeURIComponent(options.site)), {
      credentials: "omit",
    }).then((r) => (r.ok ? r.json() : r.json().then((p) => Promise.reject(p))));
    config.catch(() => (config = null));
    return config;
  };

  // The dialog, imported once (a module: no eval, no global, and the page's CSP allows it
  // wherever it allows widget.js by URL: CSP matches paths without the query). A failed
  // import is tried again, under a new URL, at the next gesture: browsers keep a failed
  // module in their module map.
  let report = null;
  let loading = null;
  let failures = 0;
  const prefetch = () => failures || load();
  const load = () => {
    const from = new URL(`widget.js?part=dialog&v=${DIALOG}${failures ? "&retry=" + failures : ""}`, script.src);
    return (loading ||= import(from).then(
      (part) => {
        Object.assign(strings, part.strings[key]);
        return (report = part.createDialog({
          t,
          api,
          settings,
          site: options.site,
          article: { url, title: title.trim().slice(0, 500), lang: LANGUAGE.test(declared) ? declared : "" },
          layer,
          shortcut: /Mac|iP/.test(navigator.platform) ? "⌘" : "Ctrl",
        }));
      },
      (error) => {
        loading = null;
        failures++;
        console.error(`errata: the report form could not load from ${from} (offline, or refused by the page's Content-Security-Policy?): ${error.message}`);
      },
    ));
  };

  // Never silent: when the dialog cannot load, or has not come after a few seconds (a
  // stalled connection can take minutes to fail), a notice says so and offers to try
  // again (`again` is the last gesture's open).
  let again = null;
  const shown = () => notice.matches(":popover-open");
  const unavailable = () => (shown() || notice.showPopover(), retry.focus());
  const retry = h("button", { type: "button", onclick: () => (notice.hidePopover(), again()) }, t("retry"));
  const notice = h("div", { popover: "auto", role: "alert", class: "f" }, t("unavailable"), retry);

  const selected = () => {
    const s = getSelection();
    return s.rangeCount && !s.isCollapsed ? s.getRangeAt(0) : null;
  };
  const open = (range) => {
    const from = focused();
    const doc = read(root);
    const span = range && doc.span(range);
    if (button.matches(":popover-open")) button.hidePopover();
    const quote = span && describe(doc.text, span[0], Math.min(span[1], span[0] + QUOTE_MAX));
    // Too long to send: errata then anchors in the text it already has, if any.
    const text = doc.text.length > TEXT_MAX ? "" : doc.text;
    (again = () => {
      const slow = setTimeout(unavailable, 5000);
      load().then((dialog) => {
        clearTimeout(slow);
        if (!dialog) return unavailable();
        if (shown()) notice.hidePopover();
        dialog.open(quote, text, from);
      });
    })();
  };

  // Gesture 1: select a passage, then Ctrl+Enter (Cmd+Enter on a Mac). It always answers:
  // with a selection outside the article, or none, the report is about the whole article.
  // Not in the page's own fields, where the shortcut is the page's.
  document.addEventListener("keydown", (e) => {
    const t = e.target;
    if ((e.ctrlKey || e.metaKey) && e.key == "Enter" && !report?.isOpen() && !t.isContentEditable && !/^(input|textarea|select)$/.test(t.localName)) {
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
  layer.append(button, notice);
  // Without the Popover API (older browsers) the two other gestures remain.
  const place = () => {
    if (!button.showPopover) return;
    const range = selected();
    if (!range || report?.isOpen() || !read(root).span(range)) {
      pending = null;
      return button.matches(":popover-open") && button.hidePopover();
    }
    prefetch();
    pending = range.cloneRange();
    const rects = range.getClientRects();
    const box = rects[rects.length - 1] || range.getBoundingClientRect();
    if (!button.matches(":popover-open")) button.showPopover();
    const below = box.bottom + 8;
    // Kept on screen when the selection is scrolled out of view, so it can still be pressed.
    button.style.top = Math.max(8, Math.min(below + 52 > innerHeight ? box.top - 52 : below, innerHeight - 52)) + "px";
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
  settings().then(({ article_selector: s }) => {
    const [el, why] = s ? find(s) : [];
    if (why == "selector") (root = el).append(end);
  }, () => {});
  if (evidence == "page") console.warn("errata: no article found; mark it with data-errata-article or set the site's article selector");
  if (options.link != "off") {
    box.append(
      h("button", { type: "button", class: "link", onfocus: prefetch, onpointerdown: prefetch, onclick: () => open() }, t("report")),
    );
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
