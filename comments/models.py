# Moderated comments arrive with the comments issue; the app is installed now so that its
# place in the schema and the URLs is fixed from the start.
