/* Progress bar of a footprint run: polls the job's JSON state and reloads the run's page
   once the worker is done. No inline script (CSP: 'self'). */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var bar = document.getElementById("job-progress");
  var text = document.getElementById("job-message");
  var delay = 800;
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin",
                                   headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        bar.value = state.percent;
        bar.textContent = state.percent + "%";
        text.textContent = state.percent + "% · " + (state.message || "");
        if (state.status === "finished" || state.status === "failed") {
          window.location.reload();
          return;
        }
        delay = Math.min(delay * 1.25, 5000);
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        text.textContent = box.dataset.msgOffline;
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, delay);
}());
