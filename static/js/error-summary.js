/* The error summary (templates/components/error_summary.html) takes the focus when a failed
   submission brings it: on page load, and when htmx swaps it in. Its links move the focus to
   the field in error and show the field's label too. Without JavaScript the summary is still
   the first thing in <main>. */
(function () {
  "use strict";

  function summaryIn(root) {
    if (!root || !root.querySelector) { return null; }
    if (root.matches && root.matches("[data-error-summary]")) { return root; }
    return root.querySelector("[data-error-summary]");
  }

  function focusSummary(summary) {
    if (summary) { summary.focus(); }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    event.preventDefault();
    // The label (or the group's legend) says what the field is: bring it into view as well.
    var label = document.querySelector("label[for='" + field.id + "']");
    var fieldset = field.closest("fieldset");
    var legend = fieldset && fieldset.querySelector("legend");
    var heading = legend || label;
    if (heading) { heading.scrollIntoView(); }
    field.focus({ preventScroll: Boolean(heading) });
  });

  document.addEventListener("DOMContentLoaded", function () {
    focusSummary(summaryIn(document.querySelector("main")));
  });

  // A summary swapped out of band (into #error-summary-slot) waits for the end of the swap.
  var outOfBand = null;
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    outOfBand = summaryIn(event.target) || summaryIn(event.detail && event.detail.target) || outOfBand;
  });

  // After an htmx swap: go to the summary it brought, unless the request came from typing or
  // picking in a filter, where the focus stays in the field being typed in.
  document.addEventListener("htmx:afterSettle", function (event) {
    var detail = event.detail || {};
    var trigger = detail.requestConfig && detail.requestConfig.triggeringEvent;
    var brought = summaryIn(event.target) || outOfBand;
    outOfBand = null;
    if (trigger && (trigger.type === "input" || trigger.type === "change" || trigger.type === "keyup")) {
      return;
    }
    focusSummary(brought);
  });
})();
