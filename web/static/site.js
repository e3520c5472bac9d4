/* What every page does with JavaScript, none of it needed to use the app:
   - on a phone, the menu and the account fold behind a "Menu" button;
   - a table wider than the screen scrolls inside itself and can be reached
     with the keyboard (tabindex), so the page itself never scrolls sideways;
   - on a phone the reasons of each search result fold away (open by default);
   - after a search, the focus goes to the heading that says how many were
     found, so a screen reader says it and the next Tab reaches the first result. */
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  function foldMenu() {
    var button = document.querySelector('.menu-button');
    var menu = document.getElementById('site-menu');
    if (!button || !menu) { return; }
    button.hidden = false;
    button.addEventListener('click', function () {
      var open = menu.classList.toggle('open');
      button.setAttribute('aria-expanded', open ? 'true' : 'false');
    });
  }

  function reachableWideTables() {
    document.querySelectorAll('main table').forEach(function (table) {
      if (table.scrollWidth > table.clientWidth + 1) {
        table.tabIndex = 0;
      } else if (table.getAttribute('tabindex') === '0') {
        table.removeAttribute('tabindex');
      }
    });
  }

  function foldReasonsOnAPhone() {
    if (window.matchMedia('(max-width: 40rem)').matches) {
      document.querySelectorAll('details.why-fold').forEach(function (d) { d.open = false; });
    }
  }

  function focusResults() {
    var heading = document.querySelector('[data-focus-on-load]');
    if (heading) { heading.focus(); }
  }

  document.addEventListener('DOMContentLoaded', function () {
    foldMenu();
    reachableWideTables();
    window.addEventListener('resize', reachableWideTables);
    foldReasonsOnAPhone();
    focusResults();
  });
}());
