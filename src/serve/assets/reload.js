// evidence-pack serve: reloads the page when the server has a newer one. The server sends the
// newest page's version over server-sent events only once that page is ready, so a reload never
// shows a half-built page. Never reloads while the page is being printed.
(function () {
  'use strict';
  var script = document.currentScript;
  var shown = script ? script.getAttribute('data-version') : null;
  var printing = false;
  var pending = false;

  function reload() {
    if (printing) {
      pending = true;
      return;
    }
    var y = window.scrollY;
    try { sessionStorage.setItem('evidence-pack-scroll', String(y)); } catch (e) { /* private mode */ }
    window.location.reload();
  }

  try {
    var saved = sessionStorage.getItem('evidence-pack-scroll');
    if (saved !== null) {
      sessionStorage.removeItem('evidence-pack-scroll');
      window.addEventListener('load', function () { window.scrollTo(0, Number(saved) || 0); });
    }
  } catch (e) { /* private mode */ }

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
