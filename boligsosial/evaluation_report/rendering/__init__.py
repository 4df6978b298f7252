"""Rendering: the report builder and its outputs.

- `document`: `build_document` lays findings, recommendations and narrative out in the source
  report's chapters as a JSON-able dict (what a published version freezes); `blocks` holds
  the blocks that read other apps (quotes, a municipality's plans, interview guides);
- `render_html` (web and print HTML), `render_docx` (Word), `charts` (SVG via core.charts,
  PNG for Word), `outputs` (HTML, PDF/UA-1 via WeasyPrint and Word from one document);
- `pdf`: the PDF laid out a part at a time (front matter, chapters, runs of the evidence
  appendix; parts of at most `PART_BUDGET` characters of HTML), each part's layout released
  once it is written; `pdf_join` joins the parts with pikepdf into one tagged document (one
  structure tree, outline, named destinations, page numbers running on).
"""
