// The admin prefills slugs with Django's URLify, which turns "Größe" into "groe".
// Transliterate German letters first, the same way blog/text.py does on the server.
(function () {
  "use strict";
  const urlify = window.URLify;
  if (typeof urlify !== "function") {
    return;
  }
  const german = { "ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS" };
  window.URLify = function (text, maxLength, allowUnicode) {
    return urlify(text.replace(/[äöüÄÖÜßẞ]/g, (letter) => german[letter]), maxLength, allowUnicode);
  };
})();
