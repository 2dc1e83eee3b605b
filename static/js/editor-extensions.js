// Tinte's changes to the editor (django-prose-editor), loaded as a module beside its own
// extensions (settings.DJANGO_PROSE_EDITOR_EXTENSIONS); an export named like one of the
// editor's replaces it. What the editor writes is what it stores: no title="" after a link
// dialog, no empty paragraph after a picture.
import {
  Extension,
  Link as EditorLink,
  gettext,
  pm,
  TextAlign,
  updateAttrsDialog,
} from "django-prose-editor/editor"

// The editor's TextAlign, under a name for which django-prose-editor does not warn (see
// blog.admin.EDITOR).
export { TextAlign as Alignment }

// The editor's link, whose dialog says whether it adds a link or changes one (the editor's
// own is "Link bearbeiten" either way), and whose title left empty is no title at all.
export const Link = EditorLink.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      title: {
        default: null,
        parseHTML: (element) => element.getAttribute("title") || null,
        renderHTML: (attributes) => (attributes.title ? { title: attributes.title } : {}),
      },
    }
  },

  addCommands() {
    return {
      ...this.parent?.(),
      addLink:
        () =>
        ({ editor }) => {
          const editing = editor.isActive(this.name)
          if (editor.state.selection.empty && !editing) return false
          const current = editor.getAttributes(this.name)
          const properties = {
            href: { type: "string", title: gettext("URL") },
            title: { type: "string", title: gettext("Title") },
          }
          if (this.options.enableTarget) {
            properties.openInNewWindow = { type: "boolean", title: gettext("Open in new window") }
          }
          const dialog = updateAttrsDialog(properties, {
            title: editing ? gettext("Edit Link") : gettext("Insert link"),
            submitText: editing ? gettext("Update") : gettext("Insert"),
          })
          dialog(editor, { ...current, openInNewWindow: current.target === "_blank" }).then(
            (values) => {
              if (!values) return
              const chain = editor.chain().focus()
              const href = values.href.trim()
              if (!href) {
                // No address, no link (the server would drop one without an address).
                if (editing) chain.extendMarkRange(this.name).unsetLink().run()
                return
              }
              const inNewWindow = Boolean(values.openInNewWindow)
              const attributes = {
                href,
                title: values.title.trim() || null,
                target: inNewWindow ? "_blank" : null,
                rel: inNewWindow ? "noopener" : null,
              }
              if (editing) {
                chain.extendMarkRange(this.name).updateAttributes(this.name, attributes).run()
              } else {
                chain.setMark(this.name, attributes).run()
              }
            },
          )
          return true
        },
    }
  },
})

// A picture from Tinte's image library, placed as a figure after the cursor: between
// paragraphs, splitting one only when the cursor is inside its text. The cursor goes after
// the picture (to the next paragraph, or, at the end of the text, to the gap after it where
// typing starts a new paragraph), so that writing on does not go into the caption and no
// empty paragraph is left waiting for it.
// Where a block of `type` goes for a cursor at `$to`: before or after its paragraph when the
// cursor is at the paragraph's start or end, in place of an empty one, else between the two
// halves of the paragraph (split in `tr`); out of anything that cannot hold the block (a
// figure's caption), to just after it. Null if there is no such place.
function placeFor(tr, $to, type) {
  const depth = $to.depth
  let at = $to.pos
  if ($to.parent.isTextblock && depth > 0) {
    const container = $to.node(depth - 1)
    const index = $to.index(depth - 1)
    const size = $to.parent.content.size
    if (size === 0 && container.canReplaceWith(index, index + 1, type)) {
      tr.delete($to.before(), $to.after()) // an empty paragraph gives way
      return $to.before()
    }
    if ($to.parentOffset === 0 && container.canReplaceWith(index, index, type)) {
      return $to.before()
    }
    if ($to.parentOffset === size) {
      at = $to.after()
    } else if (container.canReplaceWith(index + 1, index + 1, type)) {
      tr.split($to.pos)
      return $to.pos + 1
    } else {
      at = $to.after()
    }
  }
  let $at = tr.doc.resolve(at)
  while (!$at.parent.canReplaceWith($at.index(), $at.index(), type)) {
    if ($at.depth === 0) return null
    $at = tr.doc.resolve($at.after())
  }
  return $at.pos
}

export const LibraryPicture = Extension.create({
  name: "libraryPicture",

  addCommands() {
    return {
      insertLibraryPicture:
        ({ src, alt, caption }) =>
        ({ state, tr, dispatch }) => {
          const { schema } = state
          if (!schema.nodes.figure || !schema.nodes.image) return false
          const content = [schema.nodes.image.create({ src, alt })]
          if (caption && schema.nodes.caption) {
            content.push(schema.nodes.caption.create(null, schema.text(caption)))
          }
          const figure = schema.nodes.figure.create(null, content)
          if (!dispatch) return true

          const at = placeFor(tr, state.doc.resolve(state.selection.to), figure.type)
          if (at === null) return false
          tr.insert(at, figure)

          const $after = tr.doc.resolve(at + figure.nodeSize)
          tr.setSelection(
            $after.nodeAfter
              ? pm.state.Selection.near($after, 1)
              : pm.state.Selection.fromJSON(tr.doc, { type: "gapcursor", pos: $after.pos }),
          )
          tr.scrollIntoView()
          return true
        },
    }
  },
})

// Words the editor asks its catalogue for but finds no German for there (version 0.28):
// the figure's "Add caption" button, the picture dialog's title, a list type. Marked here so
// that Tinte's catalogue (locale/de/LC_MESSAGES/djangojs.po) carries them.
const gettext_noop = (text) => text
const EDITORS_OWN_WORDS = [
  gettext_noop("Add caption"),
  gettext_noop("Remove caption"),
  gettext_noop("Edit Image"),
  gettext_noop("Browse..."),
  gettext_noop("Bullets"),
]
