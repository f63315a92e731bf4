// The header's menu button: on narrow screens the navigation folds behind it.
// Without this script the button stays hidden and the whole menu shows (see bascule.css).
(function () {
  "use strict";
  const toggle = document.querySelector(".nav-toggle[aria-controls]");
  const menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (!menu) return;

  const isOpen = () => toggle.getAttribute("aria-expanded") === "true";
  const setOpen = (open) => {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("is-open", open);
  };
  const folded = () => getComputedStyle(toggle).display !== "none";

  document.documentElement.classList.add("has-menu-button");
  setOpen(false);
  toggle.addEventListener("click", () => setOpen(!isOpen()));
  // Escape closes the open menu and gives the focus back to its button.
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !isOpen() || !folded()) return;
    if (menu.contains(document.activeElement) || document.activeElement === toggle) {
      setOpen(false);
      toggle.focus();
    }
  });
})();
