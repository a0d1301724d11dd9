/* The HIGM course's projector theme: a bar with the lesson's sections and the previous and
   next lessons, keyboard shortcuts for both, and the reference list folded away.
   Keys (ignored while typing in a field or with Ctrl, Alt or Cmd held):
     n / p      next / previous section        1 to 9   jump to that section
     N / P      next / previous lesson (Shift)  r        open or close the references */
(function () {
  "use strict";
  const root = () => document.getElementById("rendered_cells") || document.body;

  function sections() {
    return [...root().querySelectorAll(".jp-RenderedMarkdown h2")];
  }

  function label(heading) {
    return heading.textContent.replace(/¶/g, "").trim();
  }

  /* The lesson's own Previous/Next links (the last cell: "Previous: [..](..) · Next: [..](..)"). */
  function lessonLink(word) {
    for (const strong of root().querySelectorAll(".jp-RenderedMarkdown strong")) {
      if (strong.textContent.trim().replace(/:$/, "") !== word) continue;
      let node = strong.nextSibling;  /* the link right after the word, not a later one */
      while (node && node.nodeType === Node.TEXT_NODE && !node.textContent.trim()) {
        node = node.nextSibling;
      }
      if (node && node.nodeType === Node.ELEMENT_NODE && node.tagName === "A") return node;
    }
    return null;
  }

  function current() {
    const bar = document.querySelector(".higm-present-bar");
    const top = (bar ? bar.getBoundingClientRect().bottom : 0) + 16;
    let index = -1;
    sections().forEach((heading, i) => {
      if (heading.getBoundingClientRect().top <= top) index = i;
    });
    return index;
  }

  function go(index) {
    const all = sections();
    if (!all.length) return;
    const target = all[Math.max(0, Math.min(all.length - 1, index))];
    target.scrollIntoView({ block: "start" });
    const select = document.querySelector(".higm-present-sections");
    if (select) select.value = String(all.indexOf(target));
  }

  function button(text, title, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.addEventListener("click", onClick);
    return b;
  }

  function lessonAnchor(word, text) {
    const link = lessonLink(word);
    if (!link) return null;
    const a = document.createElement("a");
    a.href = link.getAttribute("href");
    a.textContent = text;
    a.title = `${word} lesson: ${link.textContent.trim()} (Shift+${word[0]})`;
    a.className = `higm-present-${word.toLowerCase()}`;
    return a;
  }

  function buildBar() {
    const all = sections();
    let bar = document.querySelector(".higm-present-bar");
    if (bar && bar.dataset.sections === String(all.length) && bar.dataset.links === linkState()) {
      return;
    }
    if (!bar) {
      bar = document.createElement("nav");
      bar.className = "higm-present-bar";
      bar.setAttribute("aria-label", "Sections and lessons");
      document.body.prepend(bar);
    }
    bar.replaceChildren();
    bar.dataset.sections = String(all.length);
    bar.dataset.links = linkState();
    const previous = lessonAnchor("Previous", "◀ Lesson");
    if (previous) bar.append(previous);
    bar.append(button("↑", "Previous section (p)", () => go(current() - 1)));
    const select = document.createElement("select");
    select.className = "higm-present-sections";
    select.setAttribute("aria-label", "Go to section");
    all.forEach((heading, i) => {
      const option = document.createElement("option");
      option.value = String(i);
      option.textContent = label(heading).slice(0, 60);
      select.append(option);
    });
    select.addEventListener("change", () => go(Number(select.value)));
    bar.append(select);
    bar.append(button("↓", "Next section (n)", () => go(current() + 1)));
    const next = lessonAnchor("Next", "Lesson ▶");
    if (next) bar.append(next);
    const keys = document.createElement("span");
    keys.className = "higm-present-keys";
    keys.textContent = "Keys: n p 1-9 N P r";
    keys.title =
      "n / p: next or previous section; 1 to 9: that section of the list; " +
      "Shift+N / Shift+P: next or previous lesson; r: open or close the references";
    bar.append(keys);
  }

  /* The bar's height (it wraps on narrow screens) is the room left above the lesson. */
  function fitBar() {
    const bar = document.querySelector(".higm-present-bar");
    if (bar) document.body.style.setProperty("--higm-bar-height", `${bar.offsetHeight}px`);
  }

  function linkState() {
    return `${!!lessonLink("Previous")}${!!lessonLink("Next")}`;
  }

  function foldReferences() {
    for (const list of root().querySelectorAll("ol.higm-references")) {
      if (list.closest("details")) continue;
      const holder = list.parentElement;
      const fold = document.createElement("details");
      fold.className = "higm-references-fold";
      const summary = document.createElement("summary");
      const n = list.querySelectorAll(":scope > li").length;
      summary.textContent = `References (${n}): show the list`;
      fold.append(summary);
      holder.insertBefore(fold, list);
      fold.append(list);
      const note = holder.querySelector(".higm-course-note");
      if (note) fold.append(note);
    }
  }

  function typing(event) {
    const t = event.target;
    if (!t || !t.closest) return false;
    return !!t.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']");
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey || typing(event)) return;
    const key = event.key;
    let handled = true;
    if (key === "n") go(current() + 1);
    else if (key === "p") go(current() - 1);
    else if (/^[1-9]$/.test(key)) go(Number(key) - 1);
    else if (key === "N" || key === "P") {
      const link = lessonLink(key === "N" ? "Next" : "Previous");
      if (link) window.location.href = link.href;
      else handled = false;
    } else if (key === "r") {
      const fold = root().querySelector("details.higm-references-fold");
      if (fold) {
        fold.open = !fold.open;
        if (fold.open) fold.scrollIntoView({ block: "start" });
      } else handled = false;
    } else handled = false;
    if (handled) event.preventDefault();
  });

  let pending = null;
  function refresh() {
    pending = null;
    buildBar();
    foldReferences();
    fitBar();
  }
  window.addEventListener("resize", fitBar);
  /* the list shows the section on screen */
  let tracking = null;
  /* capture: the page may scroll in an element (Voila's cell area), not the window */
  document.addEventListener("scroll", () => {
    if (tracking) return;
    tracking = window.setTimeout(() => {
      tracking = null;
      const select = document.querySelector(".higm-present-sections");
      if (select) select.value = String(Math.max(0, current()));
    }, 100);
  }, { passive: true, capture: true });
  new MutationObserver(() => {
    if (!pending) pending = window.setTimeout(refresh, 150);
  }).observe(document.body, { childList: true, subtree: true });
  refresh();
})();
