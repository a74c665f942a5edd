// "Noch N Zeichen verfügbar" while typing, for every textarea with data-counter="ID of the counter".
// Progressive enhancement: the server renders the same text, and checks the limit, without this script.
(function () {
    'use strict';
    document.querySelectorAll('textarea[data-counter]').forEach(function (area) {
        var counter = document.getElementById(area.getAttribute('data-counter'));
        var max = parseInt(area.getAttribute('maxlength'), 10);
        if (!counter || isNaN(max)) {
            return;
        }

        var timer = null;
        area.addEventListener('input', function () {
            // The counter is a polite live region: announce once the typing pauses, not on every key.
            window.clearTimeout(timer);
            timer = window.setTimeout(function () {
                var left = max - area.value.replace(/\r\n/g, '\n').length;
                counter.textContent = left >= 0
                    ? counter.getAttribute('data-template').replace('{0}', left)
                    : (counter.getAttribute('data-template-over') || counter.getAttribute('data-template')).replace('{0}', -left);
            }, 300);
        });
    });
}());
