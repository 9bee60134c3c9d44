// The monitoring summary's bar charts, drawn from <script type="application/json"> blocks
// (Django's json_script) so that no inline script is needed under the Content-Security-Policy:
// <canvas data-dashboard-chart="chart-documents">. A click on a bar opens the list behind it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("canvas[data-dashboard-chart]").forEach(function (canvas) {
    var spec = JSON.parse(document.getElementById(canvas.dataset.dashboardChart).textContent);
    var y = {beginAtZero: true, stacked: !!spec.stacked, title: {display: true, text: spec.unit || ""}};
    if (spec.max) { y.max = spec.max; } else { y.ticks = {precision: 0}; }
    var chart = new Chart(canvas, {
      type: "bar",
      data: {labels: spec.labels, datasets: spec.datasets},
      options: {
        animation: false,
        scales: {x: {stacked: !!spec.stacked}, y: y},
        plugins: {legend: {display: spec.datasets.length > 1, position: "bottom"}},
        onClick: function (event, elements) {
          if (elements.length && spec.links && spec.links[elements[0].index]) {
            window.location.href = spec.links[elements[0].index];
          }
        },
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length ? "pointer" : "default";
        }
      }
    });
    canvas.dataset.drawn = "1";
    canvas.chart = chart;
  });
});
