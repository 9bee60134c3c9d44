// Charts drawn from data the page carries in <script type="application/json"> blocks
// (Django's json_script), so no inline script is needed: <canvas data-chart="line"
// data-labels="years" data-datasets="datasets" data-max="100">.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var read = function (id) { return JSON.parse(document.getElementById(id).textContent); };
    var datasets = read(canvas.dataset.datasets).map(function (d) {
      return Object.assign({spanGaps: true, tension: 0}, d);
    });
    var y = {min: 0, title: {display: true, text: canvas.dataset.unit || "%"}};
    if (canvas.dataset.max) { y.max = Number(canvas.dataset.max); }
    new Chart(canvas, {
      type: canvas.dataset.chart,
      data: {labels: read(canvas.dataset.labels), datasets: datasets},
      options: {scales: {y: y}, plugins: {legend: {position: "bottom"}}}
    });
  });
});
