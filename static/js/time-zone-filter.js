/* A filter box above each time-zone picker (bascule/core/time_zones.py): typing "par" keeps
   Paris and the zones whose name holds "par", accents and case ignored. Without JavaScript
   the native select stays usable: typing a city's first letters jumps to it. */
(function () {
  "use strict";

  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function enhance(select) {
    var input = document.createElement("input");
    input.type = "search";
    input.id = select.id + "-filter";
    input.className = "form-control mb-2";
    input.setAttribute("autocomplete", "off");
    input.setAttribute("aria-controls", select.id);
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.className = "form-text d-block mb-1";
    label.textContent = select.getAttribute("data-time-zone-filter");
    select.parentNode.insertBefore(label, select);
    select.parentNode.insertBefore(input, select);

    input.addEventListener("input", function () {
      var query = plain(input.value.trim());
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (group) {
        var shown = 0;
        Array.prototype.forEach.call(group.querySelectorAll("option"), function (option) {
          var match = !query || plain(option.textContent).indexOf(query) !== -1;
          option.hidden = !match;
          if (match) { shown += 1; }
        });
        group.hidden = shown === 0;
      });
    });
    // Enter in the box must not send the form: it moves on to the list instead.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var first = select.querySelector("option:not([hidden])");
        if (first) { select.value = first.value; }
        select.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-time-zone-filter]"), enhance);
  });
})();
