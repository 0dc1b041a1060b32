// Live progress on a job page: poll the job's small JSON and refresh the text; once the job
// has finished, reload the page so it shows the result or the reason. Without JavaScript a
// <noscript> refresh reloads the whole page instead.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  var interval = Math.max(0.5, parseFloat(box.getAttribute("data-interval") || "2") / 2) * 1000;
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { window.setTimeout(poll, interval * 2); return; }
        if (job.finished) { window.location.reload(); return; }
        var state = document.getElementById("job-state");
        var progress = document.getElementById("job-progress");
        if (state) { state.textContent = job.state_label; state.className = "job-state job-" + job.state; }
        if (progress) { progress.textContent = job.progress_text; }
        window.setTimeout(poll, interval);
      })
      .catch(function () { window.setTimeout(poll, interval * 2); });
  }
  window.setTimeout(poll, interval);
})();
