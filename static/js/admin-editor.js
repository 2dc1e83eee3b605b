// The post and page editor's helpers: insert pictures from the image library at the cursor,
// and warn before leaving a page with unsaved changes. Without JavaScript the library
// still shows each picture's address to paste into the editor's figure dialog.
"use strict";
(function () {
  let editor = null;
  let dirty = false;

  document.addEventListener("prose-editor:ready", (event) => {
    if (event.detail.textarea.name !== "body") return;
    editor = event.detail.editor;
    editor.on("update", () => { dirty = true; });
    for (const button of document.querySelectorAll(".image-library__insert")) {
      button.hidden = false;
    }
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest(".image-library__insert");
    if (!button || !editor) return;
    const figure = document.createElement("figure");
    const img = document.createElement("img");
    img.src = button.dataset.src;
    img.alt = button.dataset.alt;
    figure.append(img);
    if (button.dataset.caption) {
      const caption = document.createElement("figcaption");
      caption.textContent = button.dataset.caption;
      figure.append(caption);
    }
    // After the cursor, never in place of selected text.
    const { to } = editor.state.selection;
    // A paragraph after it, so that writing on goes below the picture, not into its caption.
    editor.chain().insertContentAt(to, figure.outerHTML + "<p></p>").focus().run();
  });

  document.addEventListener("DOMContentLoaded", () => {
    const form = document.querySelector("#content-main form");
    if (!form) return;
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
