"""Pages for evaluation fieldwork, one module per sub-domain. Thin: check access, parse, call
a service or selector, render. `urls.py` names each view by its module."""
