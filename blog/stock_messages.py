"""Django's own messages that Tinte says in its own, plainer German.

Readers meet Django's stock form errors in the comment form, authors meet them in the admin,
and Django's German is stiff there ("Dieses Feld ist zwingend erforderlich.", "Bitte
sicherstellen, dass …", "Staff-Account"). Tinte's catalogue (`locale/de`, first in
LOCALE_PATHS) translates the same English messages and so takes precedence over Django's.

This module is never imported. It exists so that `makemessages --no-obsolete` (`make
translations`) finds these messages in Tinte's source and keeps their translations: they
must be word for word Django's English originals.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# Form fields and validators (django/forms, django/core/validators.py, django/db/models).
FORMS = [
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid time."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("%(model_name)s with this %(field_label)s already exists."),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
        "max",
    ),
]

# The admin (django/contrib/admin).
ADMIN = [
    gettext_noop(
        "Please enter the correct %(username)s and password for a staff account. Note that "
        "both fields may be case-sensitive."
    ),
    ngettext_lazy("Please correct the error below.", "Please correct the errors below.", "count"),
]
