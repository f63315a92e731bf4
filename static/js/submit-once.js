// Create forms (those carrying a submission key) are sent once: after the first click their
// buttons are disabled for a while. The server already ignores a second sending of the same
// form (bascule.core.idempotency); this only spares the wait and the message.
(function () {
  "use strict";

  var FIELD = "submission_key";
  var RELEASE_AFTER_MS = 10000; // a stalled request may be sent again after this

  function buttons(form) {
    return form.querySelectorAll("button:not([type]), button[type=submit], input[type=submit]");
  }

  function release(form) {
    delete form.dataset.submitting;
    buttons(form).forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement) || !form.elements.namedItem(FIELD)) {
      return;
    }
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "true";
    // Disabled after the browser has read the form, so the pressed button's value is sent.
    window.setTimeout(function () {
      buttons(form).forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
      });
    }, 0);
    window.setTimeout(function () { release(form); }, RELEASE_AFTER_MS);
  });

  // Coming back with the browser's back button shows the page as it was left: usable again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-submitting]").forEach(release);
    }
  });
})();
