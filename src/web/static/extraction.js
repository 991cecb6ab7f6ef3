// extraction.js — keeps the extraction page's progress current while a run
// goes on (the page works without it: "Uppdatera" reloads). Reads the run's
// JSON every two seconds, writes the numbers into the fields marked
// data-field, and reloads the page once the run has ended so its buttons
// and the delivery's facts show.
(function () {
  "use strict";
  var section = document.getElementById("run");
  if (!section || !section.querySelector("progress")) return;
  var state = section.querySelector("[data-field=state_label]");
  if (!state || !/run-(queued|running)/.test(state.className)) return;
  var id = section.getAttribute("data-case");
  function set(name, text) {
    var el = section.querySelector("[data-field=" + name + "]");
    if (el) el.textContent = text;
  }
  function tick() {
    fetch("/cases/" + id + "/extraction/progress", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (run) {
        if (!run) return;
        if (run.state !== "queued" && run.state !== "running") { window.location.reload(); return; }
        section.querySelector("progress").value = run.progress;
        set("percent", Math.floor(run.progress / 10) + " %");
        set("rows_read", run.rows_read);
        set("rows_written", run.rows_written);
        set("rate", run.rate);
        set("state_label", run.state_label);
        if (run.seconds_left >= 0) {
          var s = run.seconds_left % 60;
          set("time_left", Math.floor(run.seconds_left / 60) + ":" + (s < 10 ? "0" : "") + s);
        }
        set("message", run.message);
        setTimeout(tick, 2000);
      })
      .catch(function () { setTimeout(tick, 5000); });
  }
  setTimeout(tick, 2000);
})();
