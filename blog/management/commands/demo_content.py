"""A small, living German blog to look at: `python manage.py demo_content`.

It goes only into an empty blog: once there are posts or pages (the demo's or the author's
own), it adds nothing, so running it twice adds nothing and a deleted demo post stays deleted.
"""

import io
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from blog.models import AuthorProfile, Page, Post, Status
from blog.models import Image as LibraryImage
from blog.services import post_create

DEMO_AUTHOR = {
    "username": "demo-johanna",
    "first_name": "Johanna",
    "last_name": "Winter",
    "email": "johanna@example.org",
}
# How readers see her: the login name is never shown.
DEMO_PROFILE = {"display_name": "Johanna Winter", "badge": AuthorProfile.Badge.WOMAN}

# (days from now, status, title, labels, body); negative days are in the past.
POSTS = [
    (
        -118,
        Status.PUBLISHED,
        "Warum ich wieder blogge",
        ["Über das Schreiben"],
        """<p>Zehn Jahre lang habe ich meine Gedanken in Netzwerke geschrieben, die mir nicht
gehören. Jeder Beitrag verschwand nach zwei Tagen im Strom, und was blieb, gehörte einer
Firma in Kalifornien.</p>
<p>Ein Blog ist anders: eine Adresse, die bleibt, ein Archiv, das man durchblättern kann, und
Kommentare von Menschen, die sich die Zeit nehmen, einen ganzen Text zu lesen.</p>
<blockquote><p>Schreiben ist Denken auf Papier.</p></blockquote>
<p>Also fange ich wieder an. Einmal pro Woche, wenn es gelingt.</p>""",
    ),
    (
        -96,
        Status.PUBLISHED,
        "Sauerteig für Ungeduldige",
        ["Küche", "Brot"],
        """<p>Mein erster Sauerteig hieß Gustav und starb nach vier Tagen. Der zweite lebt seit
drei Jahren im Kühlschrank und backt jeden Samstag ein Roggenmischbrot.</p>
<h2>Was man wirklich braucht</h2>
<ul>
<li>Roggenvollkornmehl und lauwarmes Wasser, sonst nichts</li>
<li>ein Glas mit losem Deckel</li>
<li>fünf Tage Geduld, jeden Tag ein Löffel Mehl dazu</li>
</ul>
<p>Der wichtigste Rat: nicht zu früh aufgeben. Riecht es am dritten Tag nach Nagellack, ist
alles in Ordnung.</p>""",
    ),
    (
        -71,
        Status.PUBLISHED,
        "Größe für Änderungen: ein Wochenende im Harz",
        ["Unterwegs", "Wandern"],
        """<p>Der Brocken war wie immer im Nebel. Wir sind trotzdem hinaufgestiegen, über den
Goetheweg, vorbei an toten Fichten und jungen Birken, die schon wieder nachwachsen.</p>
<p>Der Wald verändert sich schneller, als wir es gewohnt sind. Wer hier vor zwanzig Jahren
gewandert ist, erkennt manche Wege nicht wieder. Es braucht Größe, solche Änderungen
auszuhalten, und ein bisschen Vertrauen in die Birken.</p>
<h2>Die Strecke</h2>
<ol>
<li>Torfhaus bis zum Brocken, etwa 8 Kilometer</li>
<li>Abstieg nach Schierke</li>
<li>Mit der Brockenbahn zurück, wenn die Beine nicht mehr wollen</li>
</ol>""",
    ),
    (
        -44,
        Status.PUBLISHED,
        "Drei Bücher für lange Abende",
        ["Lesen"],
        """<p>Wenn es um fünf dunkel wird, lese ich mehr. Drei Bücher, die mich in diesem Herbst
begleitet haben:</p>
<ul>
<li><strong>Jenny Erpenbeck, <em>Kairos</em></strong>: eine Liebe im Ostberlin der
Achtzigerjahre, genau und unerbittlich erzählt.</li>
<li><strong>Judith Schalansky, <em>Verzeichnis einiger Verluste</em></strong>: zwölf
Geschichten über Dinge, die es nicht mehr gibt.</li>
<li><strong>Robert Seethaler, <em>Ein ganzes Leben</em></strong>: kurz, leise und für mich
das schönste Buch über Arbeit und Landschaft.</li>
</ul>
<p>Was lest ihr gerade? Ich freue mich über Empfehlungen.</p>""",
    ),
    (
        -30,
        Status.PUBLISHED,
        "Mein Balkon im Herbst",
        ["Garten"],
        """<p>Die Tomaten sind abgeerntet, die letzten grünen reifen in einer Schale auf der
Fensterbank. Der Rosmarin bleibt draußen, eingepackt in Jute, und der Lavendel hat noch
einmal geblüht, als hätte er den Kalender nicht gelesen.</p>
<p>Nächstes Jahr versuche ich Erbsen. Man sagt, sie mögen es kühl.</p>""",
    ),
    (
        -12,
        Status.PUBLISHED,
        "Über Umlaute, Adressen und das ß",
        ["Über das Schreiben", "Technik"],
        """<p>Wer auf Deutsch bloggt, kennt das Problem: Aus „Größe“ wird in vielen Systemen eine
Adresse wie <code>/groe</code>, aus „Übermut“ ein <code>/bermut</code>. Dieses Blog macht
daraus <code>groesse</code> und <code>uebermut</code>, so wie man es von Hand schreiben
würde.</p>
<p>Kleine Dinge, aber sie zeigen, ob eine Software für Menschen gemacht ist, die in dieser
Sprache schreiben.</p>""",
    ),
    (
        -3,
        Status.PUBLISHED,
        "Ein Bild vom Herbst",
        ["Unterwegs", "Fotografie"],
        """<p>Am Sonntag sind wir am Fluss entlanggegangen, bis die Sonne hinter den Pappeln
verschwand. Das Licht war so, wie es nur im November ist: tief, warm und nach zehn Minuten
vorbei.</p>
<p>Das Titelbild ist kein Foto, sondern eine Erinnerung daran, wie die Farben aussahen.
Eine halbe Stunde später sah es so aus:</p>
{picture}
<p>Bilder wie dieses lädt man im Admin unter „Bilder“ hoch und setzt sie mit einem Klick in
den Text.</p>""",
    ),
    (
        7,
        Status.PUBLISHED,
        "Vorschau: Plätzchen backen mit Kindern",
        ["Küche"],
        """<p>Dieser Beitrag ist geplant und erscheint erst am angegebenen Tag. Bis dahin sehen
ihn nur die Autorin und die Redaktion.</p>
<p>Es wird um Butterplätzchen gehen, um Mehl auf dem Fußboden und um die Frage, wie viele
Streusel auf einen Stern passen.</p>""",
    ),
    (
        None,
        Status.DRAFT,
        "Entwurf: Gedanken zum Jahresende",
        ["Über das Schreiben"],
        """<p>Noch nicht fertig. Ein Entwurf, den Leserinnen und Leser nicht sehen.</p>""",
    ),
]

PAGES = [
    (
        "Über mich",
        """<p>Ich heiße Johanna, lebe in Leipzig und schreibe hier über Brot, Bücher, Wege und
das Schreiben selbst.</p><p>Ihr erreicht mich unter <a href="mailto:hallo@example.org">
hallo@example.org</a>.</p>""",
    ),
    (
        "Impressum",
        """<h2>Angaben gemäß § 5 DDG</h2><p>Johanna Winter<br>Musterstraße 1<br>04109 Leipzig</p>
<p>E-Mail: hallo@example.org</p><p>Dies ist ein Beispiel-Impressum der Demo-Inhalte.</p>""",
    ),
    (
        "Datenschutz",
        """<p>Dieses Blog setzt keine Tracking-Cookies und lädt nichts von fremden Servern.</p>
<p>Wenn Sie einen Kommentar schreiben, speichern wir Ihren Namen, Ihre E-Mail-Adresse (sie
wird nie veröffentlicht) und den Text, bis Sie die Löschung verlangen.</p>""",
    ),
]


COVER_ALT = "Gemalter Herbstabend: Sonne über Hügeln, Pappeln am Fluss"


def autumn_picture(width: int = 1600, height: int = 900, *, dusk: bool = False) -> ContentFile:
    """A painted autumn evening (sky, sun, hills, poplars), made with Pillow."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    top, bottom = ((20, 18, 60), (150, 80, 140)) if dusk else ((38, 54, 107), (243, 156, 79))
    for y in range(height):
        t = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    if not dusk:
        draw.ellipse(
            [width * 0.58, height * 0.42, width * 0.72, height * 0.67], fill=(255, 214, 140)
        )
    draw.polygon(
        [(0, height * 0.72), (width * 0.35, height * 0.58), (width * 0.7, height * 0.7),
         (width, height * 0.6), (width, height), (0, height)],
        fill=(92, 52, 40),
    )  # fmt: skip
    for index in range(9):
        x = width * (0.08 + index * 0.1)
        draw.ellipse([x - 28, height * 0.42, x + 28, height * 0.78], fill=(50, 36, 30))
    draw.rectangle([0, height * 0.85, width, height], fill=(60, 38, 32))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name="daemmerung.jpg" if dusk else "herbst.jpg")


class Command(BaseCommand):
    help = "Load a small German demo blog (posts, labels, pages) into an empty blog."

    @transaction.atomic
    def handle(self, *args, **options):
        if Post.objects.exists() or Page.objects.exists():
            self.stdout.write("Demo content: the blog has posts or pages already, nothing added.")
            return

        User = get_user_model()
        author, created = User.objects.get_or_create(
            username=DEMO_AUTHOR["username"], defaults=DEMO_AUTHOR
        )
        if created:
            author.set_unusable_password()
            author.save()
        AuthorProfile.objects.get_or_create(user=author, defaults=DEMO_PROFILE)

        dusk = LibraryImage(
            file=autumn_picture(1400, 800, dusk=True),
            alt="Gemalte Dämmerung: dunkle Hügel unter einem violetten Himmel",
            caption="Nach Sonnenuntergang",
        )
        dusk.full_clean()
        dusk.save()
        picture = (
            f'<figure><img src="{dusk.url}" alt="{dusk.alt}">'
            f"<figcaption>{dusk.caption}</figcaption></figure>"
        )

        now = timezone.now().replace(second=0, microsecond=0)
        for days, status, title, labels, body in POSTS:
            with_cover = title == "Ein Bild vom Herbst"
            post_create(
                title=title,
                author=author,
                body=body.replace("{picture}", picture),
                labels=labels,
                status=status,
                published_at=now + timedelta(days=days, hours=-days % 5) if days else None,
                cover_image=autumn_picture() if with_cover else None,
                cover_image_alt=(
                    "Gemalter Herbstabend: Sonne über Hügeln, Pappeln am Fluss"
                    if with_cover
                    else ""
                ),
            )
        for position, (title, body) in enumerate(PAGES, start=1):
            page = Page(title=title, body=body, status=Status.PUBLISHED, position=position)
            page.full_clean()
            page.save()
        self.stdout.write(
            self.style.SUCCESS(f"Demo content: added {len(POSTS)} posts and {len(PAGES)} pages.")
        )
