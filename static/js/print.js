// Shows the "Print" buttons of a page and makes them print it. Without JavaScript the buttons
// stay hidden: the browser's own Print command does the same.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
