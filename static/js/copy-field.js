// Copy a read-only field's value with a button: <button data-copy-target="field-id"
// data-copy-status="status-id" data-copied="Copied" data-copy-failed="Press Ctrl+C…">.
// When the browser refuses to copy, the value is selected and the status says how to copy it
// by hand. Without JavaScript the field can still be selected and copied by hand.
document.querySelectorAll("[data-copy-target]").forEach(function (button) {
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
      navigator.clipboard.writeText(input.value).then(done, fallback);
    } else {
      fallback();
    }
  });
});
