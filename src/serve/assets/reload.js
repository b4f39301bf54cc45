// evidence-pack serve: reloads the page when the server has a newer one. The server sends the
// newest page's version over server-sent events only once that page is ready, so a reload never
// shows a half-built page. Never reloads while the page is being printed. After a reload, the
// page scrolls back to the record that was at the top of the window.
(function () {
  'use strict';
  var KEY = 'evidence-pack-serve-place';
  var script = document.currentScript;
  var shown = script ? script.getAttribute('data-version') : null;
  var printing = false;
  var pending = false;

  if ('scrollRestoration' in history) {
    history.scrollRestoration = 'manual';
  }

  // Where the reader is: the innermost record or section at the top of the window, and how far
  // above the window's top it starts.
  function place() {
    var marks = document.querySelectorAll('article[id], section[id]');
    var best = null;
    for (var i = 0; i < marks.length; i += 1) {
      var box = marks[i].getBoundingClientRect();
      if (box.top <= 0 && box.bottom > 0 && (best === null || box.top > best.top)) {
        best = { id: marks[i].id, top: box.top };
      }
    }
    return best;
  }

  function reload() {
    if (printing) {
      pending = true;
      return;
    }
    try {
      sessionStorage.setItem(KEY, JSON.stringify(place()));
    } catch (e) { /* storage may be off */ }
    window.location.reload();
  }

  try {
    var saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
    sessionStorage.removeItem(KEY);
    if (saved && saved.id) {
      var target = document.getElementById(saved.id);
      if (target) {
        target.scrollIntoView();
        window.scrollBy(0, -saved.top);
      }
    }
  } catch (e) { /* storage may be off */ }

  window.addEventListener('beforeprint', function () { printing = true; });
  window.addEventListener('afterprint', function () {
    printing = false;
    if (pending) {
      pending = false;
      reload();
    }
  });

  var events = new EventSource('/events');
  events.addEventListener('version', function (event) {
    if (event.data !== shown) {
      reload();
    }
  });
})();
