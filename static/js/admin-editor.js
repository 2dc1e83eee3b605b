// The post and page editor's helpers: insert pictures from the image library after the
// cursor, say what the editor dropped from pasted or hand-written HTML, show its toolbar in
// the admin's language, name the editing area by its field's label, and warn before leaving
// a page with unsaved changes. Without JavaScript the library still shows each picture's
// address, and the server says what its sanitiser removed.
"use strict";
(function () {
  // Looked up when used: the catalogues load after this script.
  const _ = (text) => (window.gettext ? window.gettext(text) : text);
  let editor = null;
  let dirty = false;

  // django-prose-editor writes its toolbar's titles in English, outside any catalogue.
  const toolbar = () => ({
    "paragraph": _("Paragraph"),
    "Paragraph": _("Paragraph"),
    "Heading 2": _("Heading 2"),
    "Heading 3": _("Heading 3"),
    "Heading 4": _("Heading 4"),
    "Code block": _("Code block"),
    "unordered list": _("Bulleted list"),
    "ordered list": _("Numbered list"),
    "blockquote": _("Quote"),
    "horizontal rule": _("Dividing line"),
    "figure": _("Picture with caption"),
    "bold": _("Bold"),
    "italic": _("Italic"),
    "strike": _("Strike through"),
    "subscript": _("Subscript"),
    "superscript": _("Superscript"),
    "Code": _("Code"),
    "left": _("Align left"),
    "center": _("Centre"),
    "right": _("Align right"),
    "justify": _("Justify"),
    "insert link": _("Insert link"),
    "remove link": _("Remove link"),
    "Insert table": _("Insert table"),
    "Add column": _("Add column"),
    "Delete column": _("Delete column"),
    "Add row": _("Add row"),
    "Delete row": _("Delete row"),
    "Merge cells": _("Merge cells"),
    "Split cell": _("Split cell"),
    "Toggle header cell": _("Header cell on or off"),
    "Delete table": _("Delete table"),
    "undo": _("Undo"),
    "redo": _("Redo"),
    "edit HTML": _("Edit HTML"),
  });

  function translateToolbar(root) {
    const TOOLBAR = toolbar();
    // Only what is still English changes, or the observer below would wake itself forever.
    for (const button of root.querySelectorAll(".prose-menubar [title]")) {
      const german = TOOLBAR[button.title];
      if (german && german !== button.title) {
        button.title = german;
        button.setAttribute("aria-label", german);
      }
    }
    for (const option of root.querySelectorAll(".prose-menubar__option > *")) {
      const german = TOOLBAR[option.textContent];
      if (german && german !== option.textContent) option.textContent = german;
    }
  }

  // Elements, attributes and kinds of address in a piece of HTML, counted, as
  // blog.sanitize.removed_parts counts them on the server. The editor writes <b> as
  // <strong> and <i> as <em>, and joins a pasted paragraph to the one at the cursor:
  // none of that loses anything.
  const SAME = { b: "strong", i: "em" };
  function inventory(html) {
    const counts = new Map();
    const add = (part) => counts.set(part, (counts.get(part) || 0) + 1);
    const body = new DOMParser().parseFromString(html, "text/html").body;
    for (const element of body.querySelectorAll("*")) {
      const name = SAME[element.localName] || element.localName;
      if (name !== "p") add(`<${name}>`);
      for (const { name, value } of element.attributes) {
        const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(value);
        add((name === "href" || name === "src") && scheme ? `${name}=${scheme[1].toLowerCase()}:` : name);
      }
    }
    return counts;
  }

  function minus(a, b) {
    const left = new Map();
    for (const [part, count] of a) {
      if (count > (b.get(part) || 0)) left.set(part, count - (b.get(part) || 0));
    }
    return left;
  }

  function report(notice, removed, message) {
    const parts = [...removed.keys()].filter((part) => !/^href=https?:$|^src=https?:$/.test(part));
    notice.textContent = parts.length ? interpolate(message, [parts.sort().join(", ")]) : "";
  }
  const leftOut = () => _("Left out because a blog post may not contain it or the editor does not support it: %s. Look over the text.");

  // After the editor takes in HTML (a paste, the HTML view), what of it did not arrive.
  function watchIntake(textarea) {
    const notice = document.createElement("p");
    notice.className = "editor-notice";
    notice.setAttribute("role", "status");
    textarea.closest(".prose-editor")?.after(notice);

    // The editor takes HTML in with a transaction (setContent emits no "update").
    function afterNextUpdate(incoming, before) {
      const check = ({ transaction }) => {
        if (!transaction.docChanged) return;
        editor.off("transaction", check);
        const added = minus(inventory(editor.getHTML()), before);
        report(notice, minus(inventory(incoming), added), leftOut());
      };
      editor.on("transaction", check);
    }

    // A text written elsewhere (an import, a save without JavaScript) may hold what the
    // editor cannot show: say so now, before the first change drops it.
    report(
      notice,
      minus(inventory(textarea.defaultValue), inventory(editor.getHTML())),
      _("This text holds what the editor cannot show: %s. Saving it from here drops that; leave the page without saving to keep it.")
    );

    // Captured on the way down, before the editor handles (and ends) the paste.
    editor.view.dom.parentElement.addEventListener("paste", (event) => {
      const pasted = event.clipboardData && event.clipboardData.getData("text/html");
      if (pasted) afterNextUpdate(pasted, inventory(editor.getHTML()));
    }, true);
    // The HTML view is a dialog whose submit button takes the whole text in.
    document.addEventListener("click", (event) => {
      const source = event.target.closest(".prose-editor-dialog button[type=submit]")
        ?.closest("form").querySelector("textarea[name=html]");
      if (source && editor) afterNextUpdate(source.value, new Map());
    }, true);
  }

  // The editing area is a text box: named by its field's label, as the textarea it stands
  // in for was ("Text").
  function nameEditingArea(view, textarea) {
    const label = textarea.id && document.querySelector(`label[for="${textarea.id}"]`);
    if (!label) return;
    label.id ||= `${textarea.id}-label`;
    view.dom.setAttribute("aria-labelledby", label.id);
    view.dom.setAttribute("aria-multiline", "true");
  }

  document.addEventListener("prose-editor:ready", (event) => {
    nameEditingArea(event.detail.editor.view, event.detail.textarea);
    if (event.detail.textarea.name !== "body") return;
    editor = event.detail.editor;
    editor.on("update", () => { dirty = true; });
    // The toolbar is built after this event, and parts of it again later.
    const container = event.detail.textarea.closest(".prose-editor") || document.body;
    translateToolbar(container);
    new MutationObserver(() => translateToolbar(container)).observe(container, {
      childList: true,
      subtree: true,
    });
    watchIntake(event.detail.textarea);
    for (const button of document.querySelectorAll(".image-library__insert")) {
      button.hidden = false;
    }
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest(".image-library__insert");
    if (!button || !editor) return;
    // After the cursor, never in place of selected text (static/js/editor-extensions.js).
    const { src, alt, caption } = button.dataset;
    editor.chain().insertLibraryPicture({ src, alt, caption }).focus().run();
  });

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.querySelector("#content-main form");
    if (!form) return;
    dirty = Boolean(document.querySelector(".errornote"));  // given back unsaved
    form.addEventListener("input", () => { dirty = true; });
    form.addEventListener("change", () => { dirty = true; });
    form.addEventListener("submit", () => { dirty = false; });
  });

  window.addEventListener("beforeunload", (event) => {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";  // the browser shows its own "leave page?" question
    }
  });
})();
