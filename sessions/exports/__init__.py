"""The published programme in the formats other software reads: frab XML and JSON (the c3voc
schedule schemas, read by Giggity, ConfClerk, EventFahrplan and Engelsystem) and iCalendar.

Each builder takes the cached :class:`~sessions.selectors.public_programme.Programme` of one
version and returns bytes; the views cache those bytes per version.
"""
