/*
 * Verbatim: filter forms send clean addresses.
 *
 * A GET form sends every field, blank or not (?q=&speaker=vladimir-putin&country=&...). Before
 * it is sent, the blank fields are disabled, so the address holds only what the reader chose
 * (?speaker=vladimir-putin), and enabled again at once, for when the reader comes back to the
 * page. Without this script the server answers the long address with a redirect to the short
 * one.
 */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-clean-query]")) {
      return;
    }
    var blank = Array.prototype.filter.call(form.elements, function (field) {
      return field.name && !field.disabled && field.type !== "submit" &&
        field.value !== undefined && field.value.trim() === "" &&
        field.type !== "checkbox" && field.type !== "radio";
    });
    blank.forEach(function (field) { field.disabled = true; });
    window.setTimeout(function () {
      blank.forEach(function (field) { field.disabled = false; });
    }, 0);
  });
})();
