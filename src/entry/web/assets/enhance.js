// Progressive enhancement only: every page works without this script.
(function () {
  'use strict';
  // A form sent once is not sent again by a second click (the server also makes a repeat harmless).
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.getAttribute('data-sent') === 'yes') {
      event.preventDefault();
      return;
    }
    form.setAttribute('data-sent', 'yes');
    var button = event.submitter || form.querySelector('button');
    if (button) button.setAttribute('aria-disabled', 'true');
  });
  // Error summary links put the focus in the field and show its label or question with it.
  document.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('.vv-error-summary a[href^="#"]') : null;
    if (!link) return;
    var field = document.getElementById(link.getAttribute('href').slice(1));
    if (!field) return;
    event.preventDefault();
    var legend = field.closest('fieldset');
    var label = document.querySelector('label[for="' + field.id + '"]');
    (legend || label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
  var summary = document.querySelector('.vv-error-summary');
  if (summary && document.activeElement !== summary) summary.focus();
})();
