"""The change log: who changed what, when, with before and after, and each object's history."""
