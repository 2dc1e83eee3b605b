"""German date formats where Django's read stiffly: a comment written "3. Dezember 2026 um
18:10" (Django: "3. Dezember 2026 18:10"). Everything else comes from Django's own."""

DATETIME_FORMAT = r"j. F Y \u\m G:i"
