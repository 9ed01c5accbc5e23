// Polls the funder pack's status once a second and updates the progress bar and the
// status text (a role="status" live region); shows the download links when it is ready.
(function () {
  "use strict";
  var box = document.getElementById("pack");
  if (!box || box.dataset.done === "1") { return; }
  var url = box.dataset.statusUrl;
  var statusText = document.getElementById("pack-status-text");
  var bar = document.getElementById("pack-progress");
  var message = document.getElementById("pack-message");
  var downloads = document.getElementById("pack-downloads");
  var lastStep = "";
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        bar.value = s.percent;
        bar.textContent = s.percent + "%";
        var text = s.done ? s.status_text : s.status_text + ": " + s.step;
        if (text !== lastStep) { statusText.textContent = text; lastStep = text; }
        if (s.message) { message.textContent = s.message; message.hidden = false; }
        if (s.status === "done") { downloads.hidden = false; }
        if (!s.done) { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  var step = document.getElementById("pack-step");
  if (step) { step.remove(); }
  poll();
})();
