"""Pages for instruments, one module per sub-domain (analyses, frames, applications,
imports). Thin: parse, call selectors/services, render."""
