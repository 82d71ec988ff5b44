// The report dialog: a native modal <dialog> (focus moves in, is trapped, Escape closes,
// focus returns), the form, the proof of work solved while the reader types, and a send
// that never loses the draft: kept in sessionStorage, retried with backoff.
//
// The second part of the widget: built as an ES module (dist/dialog.js), served at
// /widget.js?part=dialog and imported by main.js when a reader first shows the intent to
// report (decision 23). What main.js passes to createDialog is the interface between
// the two: a widget.js cached in a browser may meet a newer dialog, so keep it compatible.

import { focused, h } from "./dom.js";
import { solve } from "./pow.js";

// The dialog's strings, by language; main.js adds its language's to its own.
export const strings = STRINGS;

const CATEGORIES = ["typo", "factual", "outdated", "misleading", "other"];
const FIELDS = ["category", "comment", "suggestion", "email"];
const DELAYS = [2, 4, 8, 16, 30]; // seconds between automatic retries
// Refusals only the site's set-up can fix (unknown-site, site-not-configured,
// origin-not-allowed, url-not-allowed): no retry, a word for the developer in the console.
const SETUP = /site|allowed/;
// Server error codes the widget words itself (docs/api.md); others show the server's text.
const CODES = {
  "empty-report": "empty",
  "invalid-email": "bad_email",
  "too-long": "too_long",
  string_too_long: "too_long",
  "unknown-category": "pick",
  enum: "pick",
};

export function createDialog({ t, api, settings, site, article, layer, shortcut }) {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  layer.getRootNode().adoptedStyleSheets.push(sheet);
  const store = "errata:" + article.url;
  let selector = null;
  let text = "";
  let opened = 0;
  let sending = false;
  let timer = 0;
  let attempt = 0;
  let proof = null;
  let back = null;
  let key = ""; // the draft's Idempotency-Key: one per draft, the same on every retry

  const input = (tag, name, props = {}) => h(tag, { id: name, name, ...props });
  const comment = input("textarea", "comment");
  const suggestion = input("textarea", "suggestion");
  const email = input("input", "email", { type: "email", autocomplete: "email" });
  const honeypot = input("input", "website", { tabindex: -1, autocomplete: "off" });
  const field = (control, label) => [
    h("label", { for: control.id }, label),
    control,
    h("p", { class: "err", id: control.id + "-e" }),
  ];
  const quote = h("div");
  const note = h("p", { class: "note", "aria-live": "polite" });
  const send = h("button", { type: "submit" }, t("send"));
  const close = () => dialog.close();
  const form = h(
    "form",
    {
      novalidate: true,
      onsubmit: submit,
      oninput: save,
      onchange: changed,
      onkeydown: (e) => (e.ctrlKey || e.metaKey) && e.key == "Enter" && form.requestSubmit(),
    },
    quote,
    h(
      "fieldset",
      { "aria-describedby": "category-e" },
      h("legend", {}, t("category")),
      ...CATEGORIES.map((value) =>
        h("label", {}, h("input", { type: "radio", name: "category", value }), t(value)),
      ),
      h("p", { class: "err", id: "category-e" }),
    ),
    ...field(comment, t("comment")),
    ...field(suggestion, t("suggestion")),
    ...field(email, t("email")),
    h("div", { class: "hp", "aria-hidden": "true" }, h("label", {}, "Website", honeypot)),
    h("p", { class: "small" }, t("privacy")),
    note,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", onclick: close }, t("cancel")),
      send,
    ),
  );
  const receipt = h("div", { role: "status", tabindex: -1 });
  const after = h("div", { class: "actions", hidden: true });
  after.append(h("button", { type: "button", onclick: close }, t("close")));
  const dialog = h(
    "dialog",
    { "aria-labelledby": "title", onclose: closed },
    h("button", { type: "button", class: "x", "aria-label": t("close"), onclick: close }, "×"),
    h("h2", { id: "title" }, t("report")),
    form,
    receipt,
    after,
  );
  layer.append(dialog);

  const radios = () => [...form.querySelectorAll("[name=category]")];
  const values = () => ({
    category: radios().find((r) => r.checked)?.value || "",
    comment: comment.value,
    suggestion: suggestion.value,
    email: email.value.trim(),
  });
  const busy = (on, label) => {
    send.disabled = on;
    send.textContent = on ? t("sending") : label || t("send");
  };

  function save() {
    try {
      sessionStorage.setItem(store, JSON.stringify({ selector, opened, key, ...values() }));
    } catch {
      // Storage refused (private mode, sandbox): the draft still lives in the form.
    }
  }

  function load() {
    try {
      return JSON.parse(sessionStorage.getItem(store));
    } catch {
      return null;
    }
  }

  function changed(e) {
    // For a typo, what it should say is most often the passage itself, corrected.
    if (e.target.value == "typo" && selector && !suggestion.value) suggestion.value = selector.exact;
    save();
  }

  function clear() {
    note.textContent = "";
    for (const el of form.querySelectorAll(".err")) el.textContent = "";
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  }

  function fail(name, message) {
    const control = name == "category" ? radios()[0] : form.querySelector("#" + name);
    form.querySelector("#" + name + "-e").textContent = message;
    if (name != "category") {
      control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-describedby", name + "-e");
    }
    control.focus();
  }

  // Fetch the configuration and a challenge, then solve it; started when the dialog opens.
  function prepare() {
    proof ||= settings().then((c) => {
      for (const name of ["comment", "suggestion", "email"]) {
        form.querySelector("#" + name).maxLength = c.limits[name];
      }
      for (const r of radios()) r.parentNode.hidden = !c.categories.includes(r.value);
      // Without Web Crypto (a page not served over HTTPS) the server says what is wrong.
      return c.proof_of_work.required && crypto.subtle
        ? fetch(api("widget-config/challenge?site=" + encodeURIComponent(site)), {
            credentials: "omit",
            cache: "no-store",
          })
            .then((r) => (r.ok ? r.json() : Promise.reject(r.status)))
            .then(solve)
        : "";
    });
    // Failures surface when sending; offline now, the next attempt starts afresh.
    proof.catch(() => (proof = null));
  }

  // Sized in the visual viewport's pixels: readable on a page without a viewport tag, which
  // a phone draws at about 0.4×, and at any pinch zoom.
  function fit() {
    const v = visualViewport;
    if (v) dialog.style.cssText = `zoom:${1 / v.scale};--w:${v.width * v.scale}px;--h:${v.height * v.scale}px`;
  }
  visualViewport?.addEventListener("resize", fit);

  // `from`: where focus was at the reader's gesture, to return to on closing (focus may
  // have moved since, to the notice of a dialog that was slow to load).
  function open(chosen, snapshot, from) {
    if (dialog.open) return;
    back = from || focused();
    // What the reader typed is never dropped: a new selection changes only the passage.
    const draft = load() || {};
    selector = chosen || draft.selector || null;
    text = snapshot;
    opened = draft.opened || Date.now();
    key = draft.key || crypto.getRandomValues(new Uint32Array(4)).join("-");
    for (const r of radios()) r.checked = r.value == draft.category;
    comment.value = draft.comment || "";
    suggestion.value = draft.suggestion || "";
    email.value = draft.email || "";
    quote.replaceChildren(
      selector
        ? h("blockquote", { "aria-label": t("quote") }, selector.exact)
        : h("p", { class: "small" }, t("whole", { key: shortcut })),
    );
    clear();
    busy(false);
    form.hidden = false;
    after.hidden = true;
    receipt.replaceChildren();
    fit();
    dialog.showModal();
    (radios().find((r) => r.checked) ? comment : radios()[0]).focus();
    prepare();
    save();
  }

  function closed() {
    clearTimeout(timer);
    timer = 0;
    back?.focus?.();
  }

  function submit(e) {
    e.preventDefault();
    if (sending) return; // a double submit is impossible: one request at a time
    clearTimeout(timer);
    clear();
    const v = values();
    if (!v.category) return fail("category", t("pick"));
    if (!v.comment.trim() && !v.suggestion.trim()) return fail("comment", t("empty"));
    attempt = 0;
    deliver();
  }

  function later() {
    const seconds = DELAYS[Math.min(attempt++, DELAYS.length - 1)];
    note.textContent = t("retrying", { s: seconds });
    busy(false, t("retry"));
    timer = setTimeout(deliver, seconds * 1000);
  }

  async function deliver() {
    sending = true;
    timer = 0;
    busy(true);
    let response;
    let body;
    try {
      prepare();
      const altcha = await proof;
      const v = values();
      response = await fetch(api("reports"), {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": key },
        credentials: "omit",
        body: JSON.stringify({
          site,
          article: { ...article, text },
          ...(selector && { selector }),
          ...v,
          language: article.lang,
          website: honeypot.value,
          fill_time_ms: Date.now() - opened,
          altcha,
        }),
      });
      body = await response.json();
    } catch (e) {
      // Offline, server unreachable or an answer that is not JSON: try again later. But a
      // configuration the server refused is a problem of the site's set-up.
      body = e?.code && e;
    }
    sending = false;
    // A challenge is good for one report: the next attempt solves a fresh one.
    proof = null;
    if (body && response?.status == 201) return done(body);
    if (!dialog.open) return; // closed while sending: the draft waits for the next open
    const errors = body?.errors?.length ? body.errors : [body];
    const setup = errors.find((e) => SETUP.test(e?.code));
    if (setup) {
      busy(false);
      console.error(
        `errata: ${setup.code}: check the site's public key and allowed origins`,
      );
      return (note.textContent = t("not_configured"));
    }
    if (!body || !response || response.status >= 500) return later();
    busy(false);
    if (body.field == "altcha" && attempt++ < 2) return deliver();
    if (response.status == 429) return (note.textContent = t("too_many"));
    let shown = false;
    for (const error of errors.reverse()) {
      const name = (error.field || "").split(".")[0];
      if (FIELDS.includes(name)) {
        fail(name, CODES[error.code] ? t(CODES[error.code]) : error.message || error.detail);
        shown = true;
      }
    }
    if (!shown) note.textContent = t("failed");
  }

  function done(body) {
    key = "";
    try {
      sessionStorage.removeItem(store);
    } catch {
      // Nothing was stored.
    }
    form.hidden = true;
    after.hidden = false;
    receipt.replaceChildren(
      h("p", {}, body.message),
      h("p", {}, h("strong", {}, t("reference", { ref: body.reference }))),
    );
    receipt.focus();
  }

  addEventListener("online", () => timer && (clearTimeout(timer), deliver()));

  return { open, isOpen: () => dialog.open };
}
