// The scoring grid saves each cell as it changes, through the API (PATCH a score), and
// moves down a column with Enter. Without JavaScript the "Save all" button posts the grid.
(function () {
  "use strict";
  var form = document.getElementById("score-grid");
  if (!form) return;
  var api = form.dataset.api;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  function show(cell, text, isError) {
    var status = cell.querySelector(".status");
    status.textContent = "";
    var span = document.createElement("span");
    span.className = isError ? "error" : "saved";
    span.textContent = text;
    status.appendChild(span);
  }

  function save(cell) {
    var body = {};
    if (cell.dataset.kind === "rubric") {
      var level = cell.querySelector("select").value;
      var comment = cell.querySelector(".comment").value;
      if (!level) return;
      if (!comment.trim()) { show(cell, form.dataset.needComment || "…", true); return; }
      body = { level: Number(level), comment: comment };
    } else {
      var raw = cell.querySelector("input").value.trim();
      if (!raw) return;
      body = { actual_value: raw.replace(/,/g, "") };
    }
    cell.setAttribute("aria-busy", "true");
    fetch(api + cell.dataset.score + "/", {
      method: "PATCH",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (answer) {
      cell.removeAttribute("aria-busy");
      if (answer.ok) {
        cell.querySelector(".points").textContent = answer.data.points === null ? "" : answer.data.points;
        cell.dataset.saved = "1";
        show(cell, "✓", false);
        return;
      }
      var messages = [];
      Object.keys(answer.data).forEach(function (key) {
        var items = answer.data[key];
        if (Array.isArray(items)) items.forEach(function (item) { messages.push(item.message || item); });
        else if (typeof items === "string" && key === "detail") messages.push(items);
      });
      show(cell, messages.join(" "), true);
    }).catch(function () {
      cell.removeAttribute("aria-busy");
      show(cell, "!", true);
    });
  }

  form.addEventListener("change", function (event) {
    var cell = event.target.closest("td.cell");
    if (cell) save(cell);
  });
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.target.tagName === "BUTTON") return;
    var cell = event.target.closest("td.cell");
    if (!cell) return;
    event.preventDefault();
    var row = cell.parentElement;
    var index = Array.prototype.indexOf.call(row.children, cell);
    var next = row.nextElementSibling;
    if (next && next.children[index]) {
      var field = next.children[index].querySelector("input, select");
      if (field) field.focus();
    }
  });
})();
