// Copy a read-only field's value with a button: <button data-copy-target="field-id"
// data-copy-status="status-id" data-copied="Copied">. Without JavaScript the field can still
// be selected and copied by hand.
document.querySelectorAll("[data-copy-target]").forEach(function (button) {
  button.addEventListener("click", function () {
    var input = document.getElementById(button.dataset.copyTarget);
    var status = document.getElementById(button.dataset.copyStatus);
    var done = function () { if (status) { status.textContent = button.dataset.copied; } };
    var fallback = function () { input.select(); if (document.execCommand("copy")) { done(); } };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(input.value).then(done, fallback);
    } else {
      fallback();
    }
  });
});
