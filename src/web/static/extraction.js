// extraction.js — keeps the extraction page's progress current while a run
// goes on (the page works without it: "Uppdatera" reloads). Reads the run's
// JSON every two seconds, writes the numbers into the fields marked
// data-field, and reloads the page once the run has ended so its buttons
// and the delivery's facts show. Numbers are grouped as the page's language
// writes them; a change of state is announced in the page's live region.
(function () {
  "use strict";
  var section = document.getElementById("run");
  if (!section || !section.querySelector("progress")) return;
  var state = section.querySelector("[data-field=state_label]");
  if (!state || !/run-(queued|running)/.test(state.className)) return;
  var id = section.getAttribute("data-case");
  var lang = document.documentElement.lang || "sv";
  var num = window.Intl ? new Intl.NumberFormat(lang) : { format: String };
  var live = document.getElementById("run-live");
  var lastState = state.textContent;
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function left(s) {
    return s >= 3600 ? Math.floor(s / 3600) + " h " + pad(Math.floor(s % 3600 / 60)) + " min"
                     : Math.floor(s / 60) + " min " + pad(s % 60) + " s";
  }
  function set(name, text) {
    var el = section.querySelector("[data-field=" + name + "]");
    if (el) el.textContent = text;
  }
  function tick() {
    fetch("/cases/" + id + "/extraction/progress", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (run) {
        if (!run) return;
        if (run.state_label !== lastState && live) live.textContent = run.state_label;
        lastState = run.state_label;
        if (run.state !== "queued" && run.state !== "running") { window.location.reload(); return; }
        section.querySelector("progress").value = run.progress;
        set("percent", Math.floor(run.progress / 10) + " %");
        set("rows_read", num.format(run.rows_read));
        set("rows_written", num.format(run.rows_written));
        set("rate", num.format(run.rate));
        set("state_label", run.state_label);
        if (run.seconds_left >= 0) set("time_left", left(run.seconds_left));
        set("message", run.message);
        setTimeout(tick, 2000);
      })
      .catch(function () { setTimeout(tick, 5000); });
  }
  setTimeout(tick, 2000);
})();
