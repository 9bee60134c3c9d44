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
