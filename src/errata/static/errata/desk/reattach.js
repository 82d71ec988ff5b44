// Re-attach by hand: turn the editor's selection in the article's current text into the
// passage and its offset (Unicode code points, as errata counts) for the form. Elements
// are looked up at each selection: htmx may have swapped the case page since it loaded.
(() => {
  "use strict";
  if (window.errataReattach) return;
  window.errataReattach = true;
  const codePoints = (text) => Array.from(text).length;

  document.addEventListener("selectionchange", () => {
    const root = document.getElementById("current-text");
    const passage = document.getElementById("id_reattach_passage");
    const start = document.getElementById("id_reattach_start");
    const selection = document.getSelection();
    if (!root || !passage || !start || !selection || selection.rangeCount === 0) return;
    if (selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    const node = range.startContainer;
    const paragraph = (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement)
      ?.closest("p[data-start]");
    if (!paragraph || !root.contains(paragraph)) return;
    const before = document.createRange();
    before.setStart(paragraph, 0);
    before.setEnd(range.startContainer, range.startOffset);
    passage.value = range.toString();
    start.value = String(Number(paragraph.dataset.start) + codePoints(before.toString()));
  });
  // A passage typed by hand has no known offset: errata looks it up.
  document.addEventListener("input", (event) => {
    if (event.target?.id !== "id_reattach_passage") return;
    const start = document.getElementById("id_reattach_start");
    if (start) start.value = "";
  });
})();
