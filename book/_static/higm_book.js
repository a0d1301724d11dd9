/* The course's static edition.
 * 1. Draw every plotly figure the page holds, with the site's own plotly.js, as soon as it
 *    appears (in a cell's output, or inside a widget the widget manager draws later).
 * 2. Give each kernel-free figure (higm_lessons/figures/kernel_free.py) its control: a
 *    labelled menu or range slider over the figure's precomputed frames, operable with the
 *    keyboard and announced by screen readers. */
(function () {
  "use strict";
  var counter = 0;

  function control(block, target, kf) {
    counter += 1;
    var id = "higm-kernel-free-control-" + counter;
    var wrap = document.createElement("div");
    wrap.className = "higm-kf-controls";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = kf.label;
    var input;
    if (kf.control === "slider") {
      input = document.createElement("input");
      input.type = "range";
      input.min = "0";
      input.max = String(kf.steps.length - 1);
      input.step = "1";
      input.value = "0";
    } else {
      input = document.createElement("select");
      kf.steps.forEach(function (step, index) {
        var option = document.createElement("option");
        option.value = String(index);
        option.textContent = step.label;
        input.appendChild(option);
      });
    }
    input.id = id;
    input.className = "higm-kf-input";
    var shown = document.createElement("output");
    shown.htmlFor = id;
    shown.className = "higm-kf-value";
    shown.setAttribute("aria-live", "polite");
    function show() {
      var step = kf.steps[Number(input.value)];
      shown.textContent = step.label;
      if (kf.control === "slider") { input.setAttribute("aria-valuetext", step.label); }
      return window.Plotly.update(target, step.args[0], step.args[1]);
    }
    input.addEventListener("input", show);
    input.addEventListener("change", show);
    shown.textContent = kf.steps[0].label;
    if (kf.control === "slider") { input.setAttribute("aria-valuetext", kf.steps[0].label); }
    wrap.appendChild(label);
    wrap.appendChild(input);
    wrap.appendChild(shown);
    block.insertBefore(wrap, target);
  }

  function draw(block) {
    var holder = block.querySelector("script.higm-plotly-spec");
    if (!holder || !window.Plotly) { return; }
    block.setAttribute("data-drawn", "pending");
    var spec = JSON.parse(holder.textContent);
    var config = Object.assign({}, spec.config || {}, { responsive: true });
    var target = document.createElement("div");
    target.className = "higm-plotly-plot";
    block.appendChild(target);
    var kf = spec.layout && spec.layout.meta && spec.layout.meta.kernel_free;
    window.Plotly.newPlot(target, spec.data, spec.layout, config).then(function () {
      if (kf) { control(block, target, kf); }
      block.setAttribute("data-drawn", "yes");
    }, function (error) {
      block.setAttribute("data-drawn", "failed");
      throw error;
    });
  }

  // The theme's search buttons are named "Search" but show "Search Ctrl+K": let their
  // visible text be their name (WCAG 2.5.3, label in name).
  function nameSearchButtons() {
    document.querySelectorAll(".search-button__button[aria-label]").forEach(function (b) {
      b.removeAttribute("aria-label");
    });
  }
  document.addEventListener("DOMContentLoaded", nameSearchButtons);

  function scan() {
    document.querySelectorAll(".higm-plotly:not([data-drawn])").forEach(draw);
  }
  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", scan);
  scan();
})();
