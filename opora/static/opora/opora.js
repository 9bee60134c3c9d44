// Small behaviours of Opora's pages, kept out of the HTML so the Content-Security-Policy can forbid
// inline scripts: confirmations before irreversible actions and filters that apply on change.
"use strict";
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.form && field.hasAttribute("data-autosubmit")) {
    field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
  }
});
// A file prepared in the background starts downloading when its page learns it is ready (once:
// the link comes only in the polled answer, not when the page is opened again later).
document.addEventListener("htmx:load", function (event) {
  var links = event.target.querySelectorAll ? event.target.querySelectorAll("[data-autoclick]") : [];
  if (event.target.hasAttribute && event.target.hasAttribute("data-autoclick")) {
    links = [event.target];
  }
  Array.prototype.forEach.call(links, function (link) {
    link.removeAttribute("data-autoclick");
    link.click();
  });
});
