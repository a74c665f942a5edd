// Progressive enhancement: shows how many characters are left in a text area with data-counter.
document.querySelectorAll('textarea[data-counter]').forEach(function (area) {
  var counter = document.getElementById(area.getAttribute('data-counter'));
  if (!counter) { return; }
  var max = parseInt(area.getAttribute('maxlength'), 10);
  var template = counter.getAttribute('data-template') || '{0}';
  var update = function () { counter.textContent = template.replace('{0}', String(max - area.value.length)); };
  area.addEventListener('input', update);
  update();
});
