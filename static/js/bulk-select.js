// Bulk selection on a list: "select all" ticks every row of the page, and the action bar
// says how many rows are ticked. Without this script the form still works: the server reads
// "select all" as every application listed on the page.
(function () {
  "use strict";
  const form = document.querySelector("[data-bulk-form]");
  if (!form) return;
  const all = form.querySelector("[data-select-all]");
  const rows = Array.from(form.querySelectorAll("[data-select-row]"));
  const count = form.querySelector("[data-selected-count]");
  if (!all || !rows.length || !count) return;

  const lang = document.documentElement.lang || "en";
  const plural = new Intl.PluralRules(lang);
  const number = new Intl.NumberFormat(lang);

  const update = () => {
    const ticked = rows.filter((row) => row.checked).length;
    all.checked = ticked === rows.length;
    all.indeterminate = ticked > 0 && ticked < rows.length;
    const text = plural.select(ticked) === "one" ? count.dataset.one : count.dataset.other;
    count.textContent = text.replace("__N__", number.format(ticked));
    count.hidden = false;
  };

  // Sent without the script, "select all" would stand for every row of the page; with it, the
  // rows themselves say what is selected, so "select all" follows them.
  if (all.checked) rows.forEach((row) => { row.checked = true; });
  all.addEventListener("change", () => {
    rows.forEach((row) => { row.checked = all.checked; });
    update();
  });
  rows.forEach((row) => row.addEventListener("change", update));
  update();
})();
