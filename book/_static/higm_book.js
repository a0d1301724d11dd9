/* The course's static edition: draw every plotly figure the page holds, with the site's own
 * plotly.js, as soon as it appears (in a cell's output or inside a widget drawn later). */
(function () {
  "use strict";
  function draw(block) {
    var holder = block.querySelector("script.higm-plotly-spec");
    if (!holder || !window.Plotly) { return; }
    block.setAttribute("data-drawn", "pending");
    var spec = JSON.parse(holder.textContent);
    var config = Object.assign({}, spec.config || {}, { responsive: true });
    var target = document.createElement("div");
    target.className = "higm-plotly-plot";
    block.appendChild(target);
    window.Plotly.newPlot(target, spec.data, spec.layout, config).then(function () {
      block.setAttribute("data-drawn", "yes");
    }, function (error) {
      block.setAttribute("data-drawn", "failed");
      throw error;
    });
  }
  function scan() {
    document.querySelectorAll(".higm-plotly:not([data-drawn])").forEach(draw);
  }
  new MutationObserver(scan).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", scan);
  scan();
})();
