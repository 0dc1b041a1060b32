// Small behaviours of HallMark's pages, kept out of the HTML so that the content security
// policy can forbid inline scripts. Each is opt-in through a data attribute, and every
// page works without JavaScript (a submit button, a selectable field, the browser's print).
(function () {
  document.querySelectorAll("[data-autosubmit]").forEach(function (element) {
    element.addEventListener("change", function () {
      element.form.submit();
    });
  });
  document.querySelectorAll("[data-select-on-click]").forEach(function (element) {
    element.addEventListener("click", function () {
      element.select();
    });
  });
  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.querySelector(button.dataset.copyFrom);
      if (source && navigator.clipboard) {
        navigator.clipboard.writeText(source.value);
        button.textContent = button.dataset.copiedLabel || button.textContent;
      }
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
