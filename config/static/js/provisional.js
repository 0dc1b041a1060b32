// Marks every date picker whose date falls in a provisional calendar year (not confirmed
// by an administrator): the holidays and adjusted working days may still change.
(function () {
  var years = (document.body.dataset.provisionalYears || "").split(",").filter(Boolean);
  if (!years.length) return;
  var label = document.body.dataset.provisionalLabel || "provisional calendar";
  function mark(input) {
    var badge = input.nextElementSibling;
    if (!badge || !badge.classList.contains("provisional-mark")) {
      badge = document.createElement("span");
      badge.className = "badge provisional provisional-mark";
      badge.textContent = label;
      input.insertAdjacentElement("afterend", badge);
    }
    var year = (input.value || "").slice(0, 4);
    badge.hidden = years.indexOf(year) < 0;
  }
  document.querySelectorAll('input[type="date"]').forEach(function (input) {
    mark(input);
    input.addEventListener("change", function () { mark(input); });
  });
})();
