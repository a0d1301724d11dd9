// The course's accessibility layer in the browser, installed once per page by the first
// course panel shown. It names what ipywidgets and plotly leave unnamed, makes takeaways
// polite live regions, labels groups of choices, and adds link underlines, a visible focus
// ring and reflow rules.
const CSS = `
.jp-RenderedHTMLCommon a, .higm-panel a, .higm-data a { text-decoration: underline !important; }
.higm-panel :focus-visible, .jp-RenderedHTMLCommon :focus-visible, .higm-panel .noUi-handle:focus,
.higm-data summary:focus-visible, .higm-panel .jupyter-widgets input:focus-visible,
.higm-panel .jupyter-widgets textarea:focus-visible, .higm-panel .jupyter-widgets select:focus-visible {
  outline: 3px solid #0072B2 !important; outline-offset: 2px;
}
.higm-panel .jupyter-widget-Collapse-header, .higm-panel .jupyter-widget-Collapse-header span,
.higm-show-data .jupyter-widget-Collapse-header, .higm-show-data .jupyter-widget-Collapse-header span {
  color: #1a1a1a;
}
.higm-panel, .higm-panel .widget-box, .higm-panel .widget-inline-hbox { max-width: 100%; box-sizing: border-box; }
.higm-panel .widget-inline-hbox, .higm-panel .widget-hbox { flex-wrap: wrap; }
.higm-panel .jupyter-widgets { max-width: calc(100% - 4px); min-width: 0; }
.higm-panel .widget-vbox > .widget-output { width: auto !important; align-self: stretch; }
.higm-panel .widget-label { white-space: normal; }
.higm-panel .widget-html-content { overflow-x: auto; max-width: 100%; }
.jp-RenderedHTMLCommon p, .jp-RenderedHTMLCommon li, .higm-panel p, .higm-panel li {
  overflow-wrap: anywhere;
}
@media (prefers-reduced-motion: reduce) {
  .higm-panel *, .higm-panel *::before, .higm-panel *::after {
    transition: none !important; animation: none !important;
  }
}
/* A figure is drawn to fit its box; a scroll bar that appears later must not make the
   page scroll sideways for the few pixels of blank margin it covers. */
.jp-RenderedPlotly { overflow-x: hidden; }
.higm-data { margin: 4px 0 8px; }
.higm-data summary { cursor: pointer; font-weight: bold; color: #1a1a1a; }
.higm-table-scroll { overflow-x: auto; max-width: 100%; }
.higm-data table { border-collapse: collapse; margin: 4px 0; }
.higm-data th, .higm-data td { border: 1px solid #bbb; padding: 2px 8px; text-align: left; }
`;

const words = (node) => (node ? node.textContent : "").replace(/\s+/g, " ").trim();

function nameSliders(root) {
  for (const box of root.querySelectorAll(".widget-slider")) {
    const label = words(box.querySelector(".widget-label")) || box.getAttribute("title") || "";
    const readout = box.querySelector(".widget-readout");
    const shown = words(readout);
    for (const handle of box.querySelectorAll(".noUi-handle")) {
      if (label && handle.getAttribute("aria-label") !== label) handle.setAttribute("aria-label", label);
      if (shown && handle.getAttribute("aria-valuetext") !== shown) handle.setAttribute("aria-valuetext", shown);
    }
    const typed = label ? `${label}: type a value` : "";
    if (readout && typed && readout.getAttribute("aria-label") !== typed) {
      readout.setAttribute("aria-label", typed);
    }
  }
}

function groupChoices(root) {
  for (const box of root.querySelectorAll(".widget-toggle-buttons, .widget-radio")) {
    const label = words(box.querySelector(":scope > .widget-label"));
    const role = box.classList.contains("widget-radio") ? "radiogroup" : "group";
    if (box.getAttribute("role") !== role) box.setAttribute("role", role);
    if (label && box.getAttribute("aria-label") !== label) box.setAttribute("aria-label", label);
  }
}

// A box that scrolls sideways can be scrolled from the keyboard: it takes the focus (with
// a name) when nothing inside it can.
const FOCUSABLE = "a[href], button, input, select, textarea, summary, [tabindex]";
function focusableScrollers(root) {
  const boxes = root.querySelectorAll(
    ".higm-table-scroll, .higm-panel .widget-html-content, .higm-panel .widget-html-content > div"
  );
  for (const box of boxes) {
    const style = getComputedStyle(box).overflowX;
    const scrolls = (style === "auto" || style === "scroll") && box.scrollWidth > box.clientWidth + 1;
    if (scrolls && !box.hasAttribute("tabindex") && !box.querySelector(FOCUSABLE)) {
      const caption = words(box.querySelector("caption"));
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", caption ? `${caption} (scrolls sideways)` : "Table (scrolls sideways)");
    }
  }
}

function announceTakeaways(root) {
  for (const takeaway of root.querySelectorAll(".higm-takeaway")) {
    const region = takeaway.closest(".widget-html-content") || takeaway.parentElement;
    if (region && region.getAttribute("aria-live") !== "polite") {
      region.setAttribute("aria-live", "polite");
      region.setAttribute("aria-atomic", "true");
    }
  }
}

function takeawayFor(plot) {
  const scope = plot.closest(".higm-panel") || plot.closest(".jp-OutputArea") || document.body;
  const all = [...scope.querySelectorAll(".higm-takeaway")];
  const after = all.find((t) => plot.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
  return words(after || all[all.length - 1]).replace(/^Takeaway:\s*/, "");
}

function nameFigures(root) {
  for (const plot of root.querySelectorAll(".js-plotly-plot")) {
    const holder = plot.closest(".jp-RenderedPlotly") || plot;
    const raw = (plot.layout && plot.layout.title && plot.layout.title.text) || words(plot.querySelector(".gtitle"));
    const title = String(raw || "Figure").replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
    const takeaway = takeawayFor(plot);
    const name = takeaway ? `${title}. Takeaway: ${takeaway}` : title;
    if (holder.getAttribute("role") !== "figure") holder.setAttribute("role", "figure");
    if (holder.getAttribute("aria-label") !== name) holder.setAttribute("aria-label", name);
    for (const svg of plot.querySelectorAll("svg.main-svg")) {
      if (svg.getAttribute("aria-hidden") !== "true") svg.setAttribute("aria-hidden", "true");
    }
  }
}

function install() {
  if (window.__higmAccessibility) return;
  // Its state is public so that tests can wait for the layer to settle before they audit.
  const state = { pending: false, runs: 0, changed: performance.now() };
  window.__higmAccessibility = state;
  const style = document.createElement("style");
  style.id = "higm-accessibility";
  style.textContent = CSS;
  document.head.appendChild(style);
  const run = () => {
    state.pending = false;
    state.runs += 1;
    nameSliders(document);
    groupChoices(document);
    focusableScrollers(document);
    announceTakeaways(document);
    nameFigures(document);
  };
  const queue = () => {
    state.changed = performance.now();
    if (!state.pending) {
      state.pending = true;
      // When the browser is idle: after the figures and tables a change brings are drawn,
      // so that naming them (which measures the page) never delays what a learner waits for.
      if (window.requestIdleCallback) window.requestIdleCallback(run, { timeout: 1000 });
      else setTimeout(run, 60);
    }
  };
  new MutationObserver(queue).observe(document.body, { childList: true, subtree: true, characterData: true });
  window.addEventListener("resize", queue);
  run();
}

export default {
  render({ el }) {
    el.classList.add("higm-accessibility");
    install();
  },
};
