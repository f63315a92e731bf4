// Copy a read-only field's value with a button: <button data-copy-target="field-id"
// data-copy-status="status-id" data-copied="Copied" data-copy-failed="Press Ctrl+C…">.
// When the browser refuses to copy, the value is selected and the status says how to copy it
// by hand. The button is rendered `hidden` and shown once it works: without JavaScript the
// field can still be selected and copied by hand, and no button that does nothing is shown.
var SETTLE_AFTER_MS = 2000;

document.querySelectorAll("[data-copy-target]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    var input = document.getElementById(button.dataset.copyTarget);
    var status = document.getElementById(button.dataset.copyStatus);
    var done = function () { if (status) { status.textContent = button.dataset.copied; } };
    var byHand = function () {
      if (status && button.dataset.copyFailed) { status.textContent = button.dataset.copyFailed; }
    };
    var fallback = function () {
      input.focus();
      input.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      if (copied) { done(); } else { byHand(); }
    };
    if (navigator.clipboard) {
      // A browser that neither copies nor refuses (a permission prompt left open, a page
      // without the focus) gets the selection and the advice after a while.
      var settled = false;
      var once = function (then) { return function () { if (!settled) { settled = true; then(); } }; };
      window.setTimeout(once(fallback), SETTLE_AFTER_MS);
      navigator.clipboard.writeText(input.value).then(once(done), once(fallback));
    } else {
      fallback();
    }
  });
});
