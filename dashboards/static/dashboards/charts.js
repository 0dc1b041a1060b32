// Draws each chart from the figure JSON the server wrote beside it. Without JavaScript
// the tables under the charts carry the same numbers.
(function () {
  if (typeof Plotly === "undefined") return;
  document.querySelectorAll("[data-figure]").forEach(function (element) {
    var source = document.getElementById(element.dataset.figure);
    if (!source) return;
    var figure = JSON.parse(source.textContent);
    element.classList.add("drawn");
    Plotly.newPlot(element, figure.data, figure.layout, {
      responsive: true,
      displaylogo: false,
    });
  });
})();
