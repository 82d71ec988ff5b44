// The desk's few behaviours that need script, as listeners: errata's pages allow no
// inline handler (Content-Security-Policy, errata/security.py).
"use strict";
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change")) {
    field.form?.requestSubmit();
  }
});
