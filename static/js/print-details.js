// Opens every "Show the numbers" before printing, so that the tables are on paper too, and
// closes again those that were closed. Without JavaScript the print styles do what they can.
const opened = [];
window.addEventListener("beforeprint", () => {
  document.querySelectorAll("details.chart-numbers:not([open])").forEach((details) => {
    details.open = true;
    opened.push(details);
  });
});
window.addEventListener("afterprint", () => {
  opened.splice(0).forEach((details) => { details.open = false; });
});
