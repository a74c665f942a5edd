// "Noch N Zeichen verfügbar" below every text area with data-counter: the server renders the text, this
// script only keeps the number current while the user types. Without script the server's count stays.
(function () {
    'use strict';
    function update(area) {
        var counter = document.getElementById(area.getAttribute('data-counter'));
        if (!counter) {
            return;
        }
        var max = parseInt(area.getAttribute('maxlength'), 10);
        var left = Math.max(0, max - area.value.length);
        counter.textContent = counter.getAttribute('data-template').replace('{0}', String(left));
    }
    document.querySelectorAll('textarea[data-counter]').forEach(function (area) {
        area.addEventListener('input', function () { update(area); });
        update(area);
    });
}());
