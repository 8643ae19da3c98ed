/*
 * Verbatim: "Tick every confident quotation" on the import's review page, in the browser.
 *
 * Without this script the button sends the form, and the server shows the page again with
 * every quotation of confidence 0.5 or more ticked. With it, the same happens at once, in
 * place, and a status line (read out by screen readers) says how many were ticked. Each
 * quotation's row carries its confidence in data-confidence.
 */
(function () {
  "use strict";

  function tickConfident(button, status) {
    var threshold = parseFloat(button.getAttribute("data-confident"));
    var ticked = 0;
    var rows = document.querySelectorAll(".import-candidate[data-confidence]");
    Array.prototype.forEach.call(rows, function (row) {
      var confidence = parseFloat(row.getAttribute("data-confidence"));
      var box = row.querySelector("input[type=checkbox][name$='-include']");
      if (!box || isNaN(confidence) || confidence < threshold || box.checked) {
        return;
      }
      box.checked = true;
      box.dispatchEvent(new Event("change", { bubbles: true }));
      ticked += 1;
    });
    status.textContent = ticked === 0
      ? "Every confident quotation was already ticked."
      : ticked + (ticked === 1 ? " more quotation" : " more quotations") +
        " ticked: check their speakers, then save.";
  }

  function init() {
    var button = document.getElementById("tick-confident");
    var status = document.getElementById("tick-confident-status");
    if (!button || !status) {
      return;
    }
    button.addEventListener("click", function (event) {
      event.preventDefault();
      tickConfident(button, status);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
