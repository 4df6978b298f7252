"""Husbanken's instruments: figures per municipality, regional frames, grant applications, KOSTRA statistics and their analyses."""
